namespace Canvass.Domain.Audits;

/// <summary>The kinds of risk-limiting audit the workflow runs, as stored in <see cref="Events.AuditCreated"/>.</summary>
public static class AuditTypes
{
    /// <summary>Ballot polling with BRAVO: ballots drawn with replacement, the votes on the paper measured against the
    /// reported shares.</summary>
    public const string BallotPolling = "ballot-polling";

    /// <summary>Ballot comparison with SUPERSIMPLE (Kaplan–Markov with Arlo's γ): each drawn ballot's paper compared with
    /// its committed cast vote record.</summary>
    public const string BallotComparison = "ballot-comparison";

    /// <summary>Batch comparison with MACRO: batches drawn with probability proportional to their error bound (PPEB), the
    /// audit board's hand tally of each drawn batch compared with the batch's tally from its committed CVRs.</summary>
    public const string BatchComparison = "batch-comparison";

    /// <summary>Hybrid with SUITE: a ballot-comparison stratum (counties with committed CVRs, drawn with replacement and
    /// compared with their CVRs) and a ballot-polling stratum (counties that reported totals only, drawn without
    /// replacement and tallied), their p-values combined with Fisher's function.</summary>
    public const string Hybrid = "hybrid";
}
