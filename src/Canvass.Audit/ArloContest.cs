namespace Canvass.Audit;

/// <summary>
/// A contest as Arlo's <c>sampler_contest.Contest</c> sees it: reported candidate totals (in input order), the number
/// of ballots, winners and votes allowed. Winners are the top <see cref="NumWinners"/> by votes (stable on input order).
/// </summary>
public sealed class ArloContest
{
    /// <summary>Creates a contest.</summary>
    /// <param name="name">The contest name.</param>
    /// <param name="candidates">Candidate → reported votes, in input order.</param>
    /// <param name="ballots">Ballots cast in the contest (the dilution denominator).</param>
    /// <param name="numWinners">How many winners.</param>
    /// <param name="votesAllowed">Votes allowed per ballot.</param>
    public ArloContest(string name, IReadOnlyList<KeyValuePair<string, long>> candidates, long ballots, int numWinners, int votesAllowed = 1)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        Name = name;
        Candidates = candidates;
        Ballots = ballots;
        NumWinners = numWinners;
        VotesAllowed = votesAllowed;
        var sorted = candidates.Select((c, i) => (c, i)).OrderByDescending(x => x.c.Value).ThenBy(x => x.i).Select(x => x.c).ToList();
        Winners = sorted.Take(numWinners).ToList();
        Losers = sorted.Skip(numWinners).ToList();
        ValidVotes = candidates.Sum(c => c.Value);
    }

    /// <summary>The contest name.</summary>
    public string Name { get; }

    /// <summary>Candidate → reported votes, in input order.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Candidates { get; }

    /// <summary>Ballots cast in the contest.</summary>
    public long Ballots { get; }

    /// <summary>How many winners.</summary>
    public int NumWinners { get; }

    /// <summary>Votes allowed per ballot.</summary>
    public int VotesAllowed { get; }

    /// <summary>The sum of candidate votes.</summary>
    public long ValidVotes { get; }

    /// <summary>Winners, most votes first.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Winners { get; }

    /// <summary>Losers, most votes first.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Losers { get; }

    /// <summary><c>p = votes / ballots</c> (Python float).</summary>
    public double DilutedShare(long votes) => (double)votes / Ballots;

    /// <summary><c>s = votes / valid votes</c> (Python float).</summary>
    public double ValidShare(long votes) => (double)votes / ValidVotes;

    /// <summary><c>swl = s_w / (s_w + s_l)</c>, the winner's two-way share (Python float arithmetic).</summary>
    public double TwoWayShare(long winnerVotes, long loserVotes)
    {
        var sw = ValidShare(winnerVotes);
        var sl = ValidShare(loserVotes);
        return sw / (sw + sl);
    }

    /// <summary>min over winner/loser pairs of (v_w − v_l) / ballots; −1 when there are no losers.</summary>
    public double DilutedMargin =>
        Losers.Count == 0 ? -1 : Winners.SelectMany(w => Losers.Select(l => (double)(w.Value - l.Value) / Ballots)).Min();
}
