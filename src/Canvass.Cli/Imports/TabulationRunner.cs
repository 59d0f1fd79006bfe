using Canvass.Domain.Elections;
using Canvass.Domain.Projections;
using Canvass.Domain.Rcv;
using Canvass.Domain.Tabulation;

namespace Canvass.Cli.Imports;

/// <summary>Tabulates the store: every committed ballot plus every reported result; ranked-choice contests also round by
/// round (<see cref="RankedChoiceRounds"/>), with the rules kept in the store.</summary>
internal static class TabulationRunner
{
    public static async Task<ElectionTabulation> RunAsync(ElectionSession session, Action<long, long>? progress, CancellationToken cancellationToken)
    {
        var index = session.Index;
        var definition = index.Definition;
        var ranked = RankedBallotsFor(definition);
        var tally = await TallyAsync(session, ranked, progress, cancellationToken);
        return WithRounds(definition, Tabulator.Tabulate(index, tally, session.State.ResultReports.Select(r => r.Results)), ranked, session.State);
    }

    /// <summary>Every committed ballot, tallied (and, when <paramref name="ranked"/> is given, its rankings kept).</summary>
    public static async Task<CvrTally> TallyAsync(ElectionSession session, RankedBallots? ranked, Action<long, long>? progress, CancellationToken cancellationToken)
    {
        var index = session.Index;
        var tally = new CvrTally(index);
        var total = await session.Store.CountBallotsAsync(cancellationToken);
        long n = 0;
        await foreach (var stored in session.Store.ReadBallotsAsync(cancellationToken))
        {
            var cvr = StoredBallots.ToCastVoteRecord(stored, index);
            tally.Add(cvr);
            ranked?.Add(cvr);
            if ((++n & 0xFFFF) == 0)
            {
                progress?.Invoke(n, total);
            }
        }

        progress?.Invoke(n, total);
        return tally;
    }

    /// <summary>Ranked ballots for the election's ranked-choice contests, or null when it has none.</summary>
    public static RankedBallots? RankedBallotsFor(ElectionDefinition definition) =>
        definition.Contests.Any(c => c.VoteVariation == VoteVariation.Rcv) ? new RankedBallots(definition) : null;

    /// <summary>The tabulation with each ranked-choice contest counted round by round under the rules <paramref name="state"/>
    /// holds for it (RCTab's defaults without), from <paramref name="ranked"/>. The store's <c>tabulate</c> and the
    /// verifier's re-tabulation both count this way, so they agree.</summary>
    public static ElectionTabulation WithRounds(ElectionDefinition definition, ElectionTabulation tabulation, RankedBallots? ranked, ElectionState state)
    {
        if (ranked is null)
        {
            return tabulation;
        }

        var contests = tabulation.Contests.ToBuilder();
        for (var i = 0; i < definition.Contests.Length; i++)
        {
            var contest = definition.Contests[i];
            // Rounds need every ballot: a contest with counts reported as totals (no rankings) keeps its first-choice result.
            if (contest.VoteVariation != VoteVariation.Rcv || !ranked.HasBallots(i)
                || contests[i].Units.Any(u => u.Source == CountSource.ReportedResults))
            {
                continue;
            }

            var rules = StoredRules.For(state, contest);
            var rounds = RcvTabulator.Tabulate(RankedChoiceRounds.ToRcvContest(contest, rules), ranked.Ballots(i));
            contests[i] = RankedChoiceRounds.WithRounds(contest, contests[i], rounds);
        }

        return tabulation with { Contests = contests.MoveToImmutable() };
    }
}
