using System.Collections.Immutable;
using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;
using Canvass.Domain.Results;
using Canvass.Domain.Tabulation;

namespace Canvass.Domain.Tests.Tabulation;

/// <summary>A small election for tabulation tests.</summary>
/// <remarks>Units: 0 state <c>st</c> = {c1, c2}; 1 county <c>c1</c> = {p1, p2}; 2 county <c>c2</c> = {p3}; 3 <c>p1</c>,
/// 4 <c>p2</c>, 5 <c>p3</c> precincts. Contests: 0 plurality (a, b, c); 1 vote-for-3 (s0..s4); 2 measure (yes, no);
/// 3 two-thirds measure (yes, no); 4 majority (a, b, c); 5 RCV (r0..r3), three ranks; 6 two-thirds measure listing
/// "No" first (no, yes).</remarks>
internal static class TestElection
{
    public const int State = 0;
    public const int C1 = 1;
    public const int C2 = 2;
    public const int P1 = 3;
    public const int P2 = 4;
    public const int P3 = 5;

    public const int Plurality = 0;
    public const int VoteForThree = 1;
    public const int Measure = 2;
    public const int TwoThirdsMeasure = 3;
    public const int MajorityContest = 4;
    public const int Ranked = 5;
    public const int NoFirstMeasure = 6;

    public static ElectionIndex Election { get; } = new(Build());

    public static ElectionDefinition Definition => Election.Definition;

    public static int CountyOf(int precinct) => precinct == P3 ? C2 : C1;

    public static CastVoteRecord Ballot(int unit, CountItemType method, params (int Contest, int[] Selections)[] contests)
    {
        var county = unit is C1 or C2 ? unit : CountyOf(unit);
        var precinct = unit is C1 or C2 ? -1 : unit;
        var marks = contests
            .OrderBy(c => c.Contest)
            .Select(c => new ContestMarks(c.Contest, [.. c.Selections.Select(s => new Mark(s))]))
            .ToImmutableArray();
        return new CastVoteRecord("b", county, precinct, null, method, -1, marks);
    }

    public static CastVoteRecord RankedBallot(int unit, params (int Selection, int Rank)[] marks) =>
        new("r", CountyOf(unit), unit, null, CountItemType.ElectionDay, -1,
            [new ContestMarks(Ranked, [.. marks.Select(m => new Mark(m.Selection, m.Rank))])]);

    public static ContestResult Result(ElectionTabulation tabulation, int contest) => tabulation.Contests[contest];

    public static ElectionTabulation Tabulate(CvrTally tally, params ReportedResults[] reports) =>
        Tabulator.Tabulate(Election, tally, reports);

    public static ElectionTabulation Tabulate(params ReportedResults[] reports) =>
        Tabulator.Tabulate(Election, new CvrTally(Election), reports);

    public static ElectionTabulation TabulateBallots(params CastVoteRecord[] ballots)
    {
        var tally = new CvrTally(Election);
        foreach (var b in ballots)
        {
            tally.Add(b);
        }

        return Tabulator.Tabulate(Election, tally, []);
    }

    /// <summary>Reported votes for one contest in one unit by one method, selections in ballot order.</summary>
    public static ImmutableArray<ReportedCount> Counts(int contest, int unit, CountItemType method, params long[] votes)
    {
        var c = Definition.Contests[contest];
        return [.. votes.Select((v, s) => new ReportedCount(c.Id, c.Selections[s].Id, Definition.GpUnits[unit].Id, method, v))];
    }

    public static ReportedResults Report(params ImmutableArray<ReportedCount>[] counts) =>
        new([.. counts.SelectMany(c => c)], []);

    public static string SelectionId(int contest, int selection) => Definition.Contests[contest].Selections[selection].Id.Value;

    public static string[] Winners(ContestResult result) => [.. result.Winners.Select(w => w.Value)];

    /// <summary>Asserts that two tabulations hold the same counts, cells and outcomes.</summary>
    public static void AssertSame(ElectionTabulation expected, ElectionTabulation actual)
    {
        Assert.Equal(expected.BallotsCounted, actual.BallotsCounted);
        Assert.Equal(expected.Contests.Length, actual.Contests.Length);
        for (var c = 0; c < expected.Contests.Length; c++)
        {
            var x = expected.Contests[c];
            var y = actual.Contests[c];
            Assert.Equal(x.ContestId, y.ContestId);
            Assert.Equal(x.Votes, y.Votes);
            Assert.Equal(x.BallotsCast, y.BallotsCast);
            Assert.Equal(x.Overvotes, y.Overvotes);
            Assert.Equal(x.Undervotes, y.Undervotes);
            Assert.Equal(x.Winners, y.Winners);
            Assert.Equal(x.TieForLastPlace, y.TieForLastPlace);
            Assert.Equal(x.Passed, y.Passed);
            Assert.Equal(x.Units.Length, y.Units.Length);
            for (var u = 0; u < x.Units.Length; u++)
            {
                Assert.Equal(x.Units[u] with { Votes = [] }, y.Units[u] with { Votes = [] });
                Assert.Equal(x.Units[u].Votes, y.Units[u].Votes);
            }
        }
    }

    private static ElectionDefinition Build()
    {
        GpUnit Unit(string id, string type, params string[] children) =>
            new(new GpUnitId(id), id, type, [.. children.Select(c => new GpUnitId(c))], []);

        Contest Candidates(string id, int allowed, int elected, VoteVariation variation, params string[] names) =>
            new(new ContestId(id), id, ContestKind.Candidate, new GpUnitId("st"), allowed, elected, variation,
                [.. names.Select(n => new ContestSelection(new SelectionId(id + "-" + n), [], false, n, []))]);

        Contest MeasureContest(string id, PassageThreshold? threshold, bool noFirst = false)
        {
            ContestSelection yes = new(new SelectionId(id + "-yes"), [], false, "Yes", []);
            ContestSelection no = new(new SelectionId(id + "-no"), [], false, "No, against the bonds", []);
            return new(new ContestId(id), id, ContestKind.BallotMeasure, new GpUnitId("st"), 1, 1, VoteVariation.Plurality,
                noFirst ? [no, yes] : [yes, no], threshold);
        }

        return new ElectionDefinition(
            "Test", new GpUnitId("st"), new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 3), "general", "Test", "TS",
            [
                Unit("st", "state", "c1", "c2"),
                Unit("c1", "county", "p1", "p2"),
                Unit("c2", "county", "p3"),
                Unit("p1", "precinct"),
                Unit("p2", "precinct"),
                Unit("p3", "precinct"),
            ],
            [],
            [],
            [],
            [
                Candidates("pres", 1, 1, VoteVariation.Plurality, "a", "b", "c"),
                Candidates("council", 3, 3, VoteVariation.NOfM, "s0", "s1", "s2", "s3", "s4"),
                MeasureContest("measure", null),
                MeasureContest("bond", PassageThreshold.TwoThirds),
                Candidates("mayor", 1, 1, VoteVariation.Majority, "a", "b", "c"),
                Candidates("rcv", 3, 1, VoteVariation.Rcv, "r0", "r1", "r2", "r3"),
                MeasureContest("bond-no-first", PassageThreshold.TwoThirds, noFirst: true),
            ],
            []);
    }
}
