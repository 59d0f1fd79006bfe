using System.Globalization;

namespace Canvass.Audit;

/// <summary>
/// Arlo's <c>ballot_polling.py</c>: one entry point for sample-size options and risk whatever the polling math, so the
/// audit workflow passes its rounds once and picks BRAVO, Minerva or Providence by value. Not-found ballots are counted
/// as votes for every loser of their round before both sizing and measuring.
/// </summary>
public static class BallotPolling
{
    /// <summary>The options for the next round.</summary>
    /// <param name="math">The risk function.</param>
    /// <param name="riskLimit">Risk limit in whole percent (10 = 10%): 0 to 99 for BRAVO, 1 to 99 for Minerva and Providence.</param>
    /// <param name="contest">The contest.</param>
    /// <param name="rounds">The rounds so far, in order (empty before round 1).</param>
    /// <returns>BRAVO: ASN and 70/80/90% (additional draws), or all-ballots. Minerva: 70/80/90% before round 1, then the
    /// fixed 90% schedule. Providence: 70/80/90% as cumulative totals.</returns>
    public static IReadOnlyList<PollingSampleSizeOption> SampleSizeOptions(
        PollingMath math, int riskLimit, ArloContest contest, IReadOnlyList<PollingRound> rounds)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(rounds);
        var adjusted = Adjusted(contest, rounds);
        return math switch
        {
            PollingMath.Bravo => Bravo.SampleSizeOptions(riskLimit, contest, adjusted.Count == 0 ? null : ByRoundId(adjusted), [.. rounds.Select(r => r.Size)]),
            PollingMath.Minerva => Minerva.SampleSizeOptions(riskLimit, contest, [.. rounds.Select(r => r.Size)]),
            PollingMath.Providence => Providence.SampleSizeOptions(riskLimit, contest, adjusted),
            _ => throw new ArgumentOutOfRangeException(nameof(math)),
        };
    }

    /// <summary>The risk after the rounds so far.</summary>
    /// <param name="math">The risk function.</param>
    /// <param name="riskLimit">Risk limit in whole percent (10 = 10%); 1 to 99 for Minerva and Providence.</param>
    /// <param name="contest">The contest.</param>
    /// <param name="rounds">The rounds so far, in order.</param>
    /// <returns>The p-values and whether the risk limit is met.</returns>
    public static PollingMeasurement ComputeRisk(PollingMath math, int riskLimit, ArloContest contest, IReadOnlyList<PollingRound> rounds)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(rounds);
        var adjusted = Adjusted(contest, rounds);
        switch (math)
        {
            case PollingMath.Bravo:
                var bravo = Bravo.ComputeRisk(riskLimit, contest, adjusted.Select(r => r.Votes));
                return new PollingMeasurement(bravo.PValues, bravo.Finished);
            case PollingMath.Minerva:
                return Single(Minerva.ComputeRisk(riskLimit, contest, adjusted));
            case PollingMath.Providence:
                return Single(Providence.ComputeRisk(riskLimit, contest, adjusted));
            default:
                throw new ArgumentOutOfRangeException(nameof(math));
        }
    }

    private static PollingMeasurement Single(PollingRisk risk) =>
        new(new Dictionary<(string Winner, string Loser), double> { [("winner", "loser")] = risk.Risk }, risk.Finished);

    private static List<(long RoundSize, IReadOnlyDictionary<string, long> Votes)> Adjusted(ArloContest contest, IReadOnlyList<PollingRound> rounds)
    {
        var byId = rounds.Select((r, i) => (Id: RoundId(i), Round: r)).ToList();
        var withNotFound = Bravo.CountNotFoundAsLoserVotes(contest,
            byId.ToDictionary(x => x.Id, x => x.Round.Votes, StringComparer.Ordinal),
            byId.ToDictionary(x => x.Id, x => x.Round.NotFound, StringComparer.Ordinal));
        return [.. byId.Select(x => (x.Round.Size, withNotFound[x.Id]))];
    }

    private static Dictionary<string, IReadOnlyDictionary<string, long>> ByRoundId(List<(long RoundSize, IReadOnlyDictionary<string, long> Votes)> rounds) =>
        rounds.Select((r, i) => (Id: RoundId(i), r.Votes)).ToDictionary(x => x.Id, x => x.Votes, StringComparer.Ordinal);

    // Arlo's round ids here are the round numbers, 1 first.
    private static string RoundId(int index) => (index + 1).ToString(CultureInfo.InvariantCulture);
}
