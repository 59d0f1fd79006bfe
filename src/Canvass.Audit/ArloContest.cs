namespace Canvass.Audit;

/// <summary>
/// A contest as Arlo's <c>sampler_contest.Contest</c> sees it: reported candidate totals (in input order), the number
/// of ballots, winners and votes allowed. Winners are the top <see cref="NumWinners"/> by votes (stable on input order),
/// and every share and margin is computed with the same double arithmetic, in the same order, as Arlo's constructor.
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
        // Python's sorted(..., reverse=True) is stable: equal totals keep their input order.
        Ranked = [.. candidates.Select((c, i) => (c, i)).OrderByDescending(x => x.c.Value).ThenBy(x => x.i).Select(x => x.c)];
        Winners = Ranked.Take(numWinners).ToList();
        Losers = Ranked.Skip(numWinners).ToList();
        ValidVotes = candidates.Sum(c => c.Value);
        Margins = ComputeMargins();
        DilutedMargin = ComputeDilutedMargin();
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

    /// <summary>The sum of candidate votes (Arlo's <c>v_wl</c>, the denominator of <c>s_w</c> and <c>s_l</c>).</summary>
    public long ValidVotes { get; }

    /// <summary>Every candidate, most votes first; equal totals keep their input order (Python's stable sort).</summary>
    internal IReadOnlyList<KeyValuePair<string, long>> Ranked { get; }

    /// <summary>Winners, most votes first.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Winners { get; }

    /// <summary>Losers, most votes first.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Losers { get; }

    /// <summary>Arlo's <c>margins</c> table: <c>p_w</c>, <c>s_w</c> and <c>swl</c> per winner, <c>p_l</c> and <c>s_l</c> per loser.</summary>
    public ArloMargins Margins { get; }

    /// <summary>
    /// Arlo's <c>diluted_margin</c>: the smallest winner − loser vote difference over all pairs, divided by
    /// <see cref="Ballots"/>; −1 when there are no losers. As in Arlo the running minimum starts at
    /// <see cref="Ballots"/>, so a (nonsensical) difference larger than the ballots is reported as 1.
    /// </summary>
    public double DilutedMargin { get; }

    /// <summary><c>p = votes / ballots</c> (Python float).</summary>
    /// <param name="votes">A candidate's votes.</param>
    /// <returns>The candidate's share of ballots.</returns>
    public double DilutedShare(long votes) => (double)votes / Ballots;

    /// <summary><c>s = votes / valid votes</c> (Python float).</summary>
    /// <param name="votes">A candidate's votes.</param>
    /// <returns>The candidate's share of valid votes.</returns>
    public double ValidShare(long votes) => (double)votes / ValidVotes;

    /// <summary><c>swl = s_w / (s_w + s_l)</c>, the winner's two-way share (Python float arithmetic).</summary>
    /// <param name="winnerVotes">The winner's votes.</param>
    /// <param name="loserVotes">The loser's votes.</param>
    /// <returns>The winner's share of the pair's votes.</returns>
    public double TwoWayShare(long winnerVotes, long loserVotes)
    {
        var sw = ValidShare(winnerVotes);
        var sl = ValidShare(loserVotes);
        return sw / (sw + sl);
    }

    private ArloMargins ComputeMargins()
    {
        var losers = Losers.ToDictionary(
            l => l.Key, l => new ArloLoserMargin(DilutedShare(l.Value), ValidShare(l.Value)), StringComparer.Ordinal);
        var winners = new Dictionary<string, ArloWinnerMargin>(StringComparer.Ordinal);
        foreach (var w in Winners)
        {
            var sw = ValidShare(w.Value);
            var swl = Losers.ToDictionary(l => l.Key, l => sw / (sw + losers[l.Key].SL), StringComparer.Ordinal);
            winners[w.Key] = new ArloWinnerMargin(DilutedShare(w.Value), sw, swl);
        }

        return new ArloMargins(winners, losers);
    }

    private double ComputeDilutedMargin()
    {
        if (Losers.Count == 0)
        {
            return -1;
        }

        var minMargin = Ballots;
        foreach (var w in Winners)
        {
            foreach (var l in Losers)
            {
                minMargin = Math.Min(minMargin, w.Value - l.Value);
            }
        }

        return (double)minMargin / Ballots;
    }
}
