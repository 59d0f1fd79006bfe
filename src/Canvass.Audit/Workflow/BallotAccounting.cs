using System.Collections.Immutable;
using System.Globalization;
using Canvass.Domain.Audits;
using Canvass.Domain.Events;

namespace Canvass.Audit.Workflow;

/// <summary>Whether a batch's paper, as its audit board entered it, fits the ballots the batch's committed manifest gives
/// it: the ballots counted, each selection's votes (a ballot marks a selection at most once) and each contest's votes
/// (at most ballots × votes allowed).</summary>
/// <remarks>
/// <para>Batch comparison refuses votes that do not fit (MACRO's error bound for a batch assumes them), and so does Arlo.
/// A full hand tally records the paper as found instead — the hand count is the result, and a manifest can be short, as
/// Georgia's 2020 hand count found uncounted memory cards and ballots in four counties — and each batch that does not fit
/// is a <see cref="BallotAccountingDiscrepancy"/>: the round's outcome lists it, and the audit cannot pass until the
/// officials explain it (<see cref="BallotAccountingExplained"/>).</para>
/// </remarks>
public static class BallotAccounting
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The ballots kind, when the ballots the board counted (a tally sheet's optional <c>Ballots</c>) differ from
    /// the manifest's; null when they agree or were not entered.</summary>
    public static BallotAccountingDiscrepancy? Ballots(string county, string? tabulator, string batch, int manifestBallots, long? counted) =>
        counted is { } n && n != manifestBallots
            ? new BallotAccountingDiscrepancy(BallotAccountingKinds.Ballots, county, tabulator, batch, manifestBallots, null, null, n, manifestBallots)
            : null;

    /// <summary>The votes of a contest in a batch that its manifest ballots cannot hold: every selection with more votes
    /// than the ballots, or, when each selection fits, the contest's votes in all when they pass ballots × votes allowed.</summary>
    public static IEnumerable<BallotAccountingDiscrepancy> Votes(
        AuditedContest contest, string county, string? tabulator, string batch, int manifestBallots, IEnumerable<ReportedChoice> votes)
    {
        return TallySheetArithmetic.Beyond(contest, manifestBallots, votes).Select(e => new BallotAccountingDiscrepancy(
            e.Selection is null ? BallotAccountingKinds.ContestVotes : BallotAccountingKinds.SelectionVotes,
            county, tabulator, batch, manifestBallots, e.Contest, e.Selection, e.Shown, e.Allowed));
    }

    /// <summary>Every batch of a full hand tally round whose paper, as entered so far, does not fit its manifest ballots:
    /// entered per batch, each tally sheet's ballots and votes; entered ballot by ballot, the ballots entered beyond the
    /// batch's manifest ballots. In the frame's order; empty for any other round.</summary>
    public static ImmutableArray<BallotAccountingDiscrepancy> Of(AuditState state, AuditRound round)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(round);
        if (state.Audit is not { } audit || FullHandTally.HandCounted(audit, round) is not { Count: > 0 } counted)
        {
            return [];
        }

        var beyond = round.Interpretations.Keys.Where(k => !round.Ballots.ContainsKey(k))
            .GroupBy(k => (k.County, k.Tabulator, k.Batch)).ToDictionary(g => g.Key, g => g.Count());
        var result = ImmutableArray.CreateBuilder<BallotAccountingDiscrepancy>();
        foreach (var batch in state.BatchesOf(FullHandTally.TargetOf(audit, round).Counties))
        {
            if (round.HandTallyFrame is null)
            {
                if (beyond.TryGetValue((batch.County, batch.Tabulator, batch.Batch), out var extra))
                {
                    result.Add(Ballots(batch.County, batch.Tabulator, batch.Batch, batch.Ballots, batch.Ballots + (long)extra)!);
                }

                continue;
            }

            var tallies = counted.Where(c => c.Counties.Contains(batch.County))
                .Select(c => (Contest: c, Tally: round.BatchTallies.GetValueOrDefault(FullHandTally.Key(batch, c.Contest))))
                .Where(t => t.Tally is not null)
                .ToList();
            if (Ballots(batch.County, batch.Tabulator, batch.Batch, batch.Ballots, tallies.Select(t => t.Tally!.Ballots).FirstOrDefault(b => b is not null)) is { } ballots)
            {
                result.Add(ballots);
            }

            foreach (var (contest, tally) in tallies)
            {
                result.AddRange(Votes(contest, batch.County, batch.Tabulator, batch.Batch, batch.Ballots, tally!.Votes));
            }
        }

        return result.ToImmutable();
    }

    /// <summary>The discrepancies a closed round logged that no explanation has answered yet.</summary>
    public static ImmutableArray<BallotAccountingDiscrepancy> Standing(AuditRound round)
    {
        ArgumentNullException.ThrowIfNull(round);
        return [.. (round.Closed?.AccountingDiscrepancies ?? []).Where(d => !round.Explanations.Any(x => Explains(x, d)))];
    }

    /// <summary>Whether an explanation is of the discrepancy's batch (its county, tabulator and name).</summary>
    public static bool Explains(BallotAccountingExplained explanation, BallotAccountingDiscrepancy discrepancy)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentNullException.ThrowIfNull(discrepancy);
        return explanation.County == discrepancy.County && explanation.Tabulator == discrepancy.Tabulator && explanation.Batch == discrepancy.Batch;
    }

    /// <summary>One sentence on a discrepancy, for people: the batch, what the board entered, and by how much it differs
    /// from what the manifest allows.</summary>
    /// <param name="discrepancy">The discrepancy.</param>
    /// <param name="jurisdiction">The batch's jurisdiction as people know it (the manifest's name for the county).</param>
    public static string Describe(BallotAccountingDiscrepancy discrepancy, string jurisdiction)
    {
        ArgumentNullException.ThrowIfNull(discrepancy);
        var d = discrepancy;
        var batch = $"Batch {d.Batch} of {jurisdiction}{(d.Tabulator is null ? "" : $" (tabulator {d.Tabulator})")}";
        var by = Math.Abs(d.Shown - d.Allowed).ToString("N0", C);
        return d.Kind switch
        {
            BallotAccountingKinds.Ballots =>
                $"{batch}: the board entered {d.Shown.ToString("N0", C)} ballots, {by} {(d.Shown > d.Allowed ? "more" : "fewer")} than the {d.ManifestBallots.ToString("N0", C)} the manifest gives it.",
            BallotAccountingKinds.SelectionVotes =>
                $"{batch}: {d.Shown.ToString("N0", C)} votes for {d.Selection} (contest {d.Contest}), {by} more than its {d.ManifestBallots.ToString("N0", C)} ballots in the manifest can hold (a ballot marks a selection at most once).",
            _ =>
                $"{batch}: the votes of contest {d.Contest} add up to {d.Shown.ToString("N0", C)}, {by} more than its {d.ManifestBallots.ToString("N0", C)} ballots in the manifest can hold ({d.Allowed.ToString("N0", C)} votes).",
        };
    }

    /// <summary><see cref="Describe(BallotAccountingDiscrepancy, string)"/> with the jurisdiction the county's committed
    /// manifest names (or the county id).</summary>
    public static string Describe(AuditState state, BallotAccountingDiscrepancy discrepancy)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(discrepancy);
        return Describe(discrepancy, JurisdictionOf(state, discrepancy.County));
    }

    /// <summary>The jurisdiction the county's committed manifest names (Arlo's jurisdiction name), or the county id.</summary>
    public static string JurisdictionOf(AuditState state, string county)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.BatchesOf([county]).FirstOrDefault()?.Jurisdiction ?? county;
    }
}
