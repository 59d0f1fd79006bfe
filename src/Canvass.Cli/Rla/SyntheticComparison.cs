using Canvass.Audit;

namespace Canvass.Cli.Rla;

/// <summary>Turns discrepancy counts into the sampled ballots SUPERSIMPLE's risk takes, each discrepancy taken
/// against the closest winner–loser pair (the last winner and the first loser: Arlo's diluted margin).</summary>
internal static class SyntheticComparison
{
    public static List<ComparisonBallot> Ballots(ArloContest contest, long sampled, long o1, long o2, long u1, long u2)
    {
        var winner = contest.Winners[^1].Key;
        var loser = contest.Losers[0].Key;
        var ballots = new List<ComparisonBallot>();
        Add(ballots, o1, Marks(contest, winner), Marks(contest));
        Add(ballots, o2, Marks(contest, winner), Marks(contest, loser));
        Add(ballots, u1, Marks(contest), Marks(contest, winner));
        Add(ballots, u2, Marks(contest, loser), Marks(contest, winner));
        Add(ballots, sampled - o1 - o2 - u1 - u2, Marks(contest, winner), Marks(contest, winner));
        return ballots;
    }

    private static void Add(List<ComparisonBallot> ballots, long count, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> reported,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> audited)
    {
        if (count > 0)
        {
            ballots.Add(new ComparisonBallot("b" + ballots.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), checked((int)count), reported, audited));
        }
    }

    private static Dictionary<string, IReadOnlyDictionary<string, string>> Marks(ArloContest contest, string? votedFor = null) =>
        new(StringComparer.Ordinal)
        {
            [contest.Name] = contest.Candidates.ToDictionary(c => c.Key, c => c.Key == votedFor ? "1" : "0", StringComparer.Ordinal),
        };
}
