using Canvass.Domain.Elections;
using Canvass.Domain.Results;
using Canvass.Domain.Tabulation;
using static Canvass.Domain.Tests.Tabulation.TestElection;

namespace Canvass.Domain.Tests.Tabulation;

public sealed class TabulatorTests
{
    private const CountItemType Total = CountItemType.Total;
    private const CountItemType Day = CountItemType.ElectionDay;
    private const CountItemType Mail = CountItemType.AbsenteeMail;

    [Fact]
    public void Tabulate_PluralityBallots_CountsVotesOvervotesUndervotesAndWinner()
    {
        var result = Result(TabulateBallots(
            Ballot(P1, Day, (Plurality, [0])),
            Ballot(P1, Day, (Plurality, [0])),
            Ballot(P2, Mail, (Plurality, [1])),
            Ballot(P3, Day, (Plurality, [])),
            Ballot(P3, Day, (Plurality, [0, 1]))), Plurality);

        Assert.Equal([2L, 1L, 0L], result.Votes);
        Assert.Equal(5, result.BallotsCast);
        Assert.Equal(1, result.Overvotes);
        Assert.Equal(1, result.Undervotes);
        Assert.Equal([SelectionId(Plurality, 0)], Winners(result));
        Assert.False(result.TieForLastPlace);
        Assert.Null(result.Passed);
        Assert.Equal(["c1/p1/ElectionDay", "c1/p2/AbsenteeMail", "c2/p3/ElectionDay"],
            result.Units.Select(u => $"{u.County}/{u.Unit}/{u.Method}"));
        Assert.All(result.Units, u => Assert.Equal(CountSource.CastVoteRecords, u.Source));
    }

    [Fact]
    public void Tabulate_VoteForThreeWithOvervoteAndUndervote_CountsVotesAllowedPerOvervote()
    {
        var result = Result(TabulateBallots(
            Ballot(P1, Day, (VoteForThree, [0, 1, 2])),
            Ballot(P1, Day, (VoteForThree, [0, 1])),
            Ballot(P1, Day, (VoteForThree, [0, 1, 2, 3])),
            Ballot(P1, Day, (VoteForThree, [])),
            Ballot(P1, Day, (VoteForThree, [0, 3, 4]))), VoteForThree);

        Assert.Equal([3L, 2L, 1L, 1L, 1L], result.Votes);
        Assert.Equal(5, result.BallotsCast);
        Assert.Equal(3, result.Overvotes); // one overvoted ballot x 3 votes allowed
        Assert.Equal(4, result.Undervotes); // 1 + 3
        Assert.Equal(8 + 3 + 4, 3 * 5);
        // s2, s3 and s4 tie for the third seat.
        Assert.Equal([SelectionId(VoteForThree, 0), SelectionId(VoteForThree, 1)], Winners(result));
        Assert.True(result.TieForLastPlace);
    }

    [Fact]
    public void Tabulate_TieForLastSeat_LeavesTiedOutAndFlagsTie()
    {
        var result = Result(Tabulate(Report(Counts(VoteForThree, C1, Total, 50, 40, 30, 30, 10))), VoteForThree);

        Assert.Equal([SelectionId(VoteForThree, 0), SelectionId(VoteForThree, 1)], Winners(result));
        Assert.True(result.TieForLastPlace);
    }

    [Fact]
    public void Tabulate_TieBelowLastSeat_ElectsTopThreeWithoutTie()
    {
        var result = Result(Tabulate(Report(Counts(VoteForThree, C1, Total, 50, 40, 30, 20, 20))), VoteForThree);

        Assert.Equal([SelectionId(VoteForThree, 0), SelectionId(VoteForThree, 1), SelectionId(VoteForThree, 2)], Winners(result));
        Assert.False(result.TieForLastPlace);
    }

    [Fact]
    public void Tabulate_PluralityTieForFirst_HasNoWinnerAndFlagsTie()
    {
        var result = Result(Tabulate(Report(Counts(Plurality, C1, Total, 7, 7, 1))), Plurality);

        Assert.Empty(result.Winners);
        Assert.True(result.TieForLastPlace);
    }

    [Fact]
    public void Tabulate_NoVotes_HasNoWinners()
    {
        var tabulation = Tabulate();

        Assert.All(tabulation.Contests, r => Assert.Empty(r.Winners));
        Assert.All(tabulation.Contests, r => Assert.False(r.TieForLastPlace));
        Assert.Equal(0, tabulation.BallotsCounted);
    }

    [Theory]
    [InlineData(50, 50, false)]
    [InlineData(51, 49, true)]
    [InlineData(49, 51, false)]
    public void Tabulate_SimpleMajorityMeasure_PassesOnlyAboveHalf(long yes, long no, bool passed)
    {
        var result = Result(Tabulate(Report(Counts(Measure, C1, Total, yes, no))), Measure);

        Assert.Equal(passed, result.Passed);
        Assert.Equal([SelectionId(Measure, passed ? 0 : 1)], Winners(result));
    }

    [Theory]
    [InlineData(200, 100, true)]
    [InlineData(199, 101, false)]
    [InlineData(201, 99, true)]
    public void Tabulate_TwoThirdsMeasure_PassesAtExactlyTwoThirds(long yes, long no, bool passed)
    {
        var result = Result(Tabulate(Report(Counts(TwoThirdsMeasure, C1, Total, yes, no))), TwoThirdsMeasure);

        Assert.Equal(passed, result.Passed);
        Assert.Equal([SelectionId(TwoThirdsMeasure, passed ? 0 : 1)], Winners(result));
    }

    [Theory]
    [InlineData(100, 200, true)] // votes in ballot order: No 100, Yes 200
    [InlineData(101, 199, false)]
    [InlineData(200, 100, false)] // "No" has two thirds: the measure fails
    public void Tabulate_MeasureListingNoFirst_PassesOnTheVotesForIt(long no, long yes, bool passed)
    {
        var result = Result(Tabulate(Report(Counts(NoFirstMeasure, C1, Total, no, yes))), NoFirstMeasure);

        Assert.Equal(passed, result.Passed);
        Assert.Equal([SelectionId(NoFirstMeasure, passed ? 1 : 0)], Winners(result));
    }

    [Fact]
    public void Tabulate_MajorityContestWithoutMajority_HasNoWinner()
    {
        var result = Result(Tabulate(Report(Counts(MajorityContest, C1, Total, 40, 35, 25))), MajorityContest);

        Assert.Empty(result.Winners);
        Assert.False(result.TieForLastPlace);
    }

    [Theory]
    [InlineData(51, 49, 0, true)]
    [InlineData(50, 50, 0, false)]
    public void Tabulate_MajorityContest_NeedsMoreThanHalf(long a, long b, long c, bool wins)
    {
        var result = Result(Tabulate(Report(Counts(MajorityContest, C1, Total, a, b, c))), MajorityContest);

        Assert.Equal(wins ? [SelectionId(MajorityContest, 0)] : [], Winners(result));
    }

    [Fact]
    public void Tabulate_RankedContest_CountsFirstChoicesOnly()
    {
        var result = Result(TabulateBallots(
            RankedBallot(P1, (0, 1), (1, 2)),
            RankedBallot(P1, (0, 2), (2, 1)),
            RankedBallot(P1, (0, 1), (1, 1)),
            RankedBallot(P1, (1, 2))), Ranked);

        Assert.Equal([1L, 0L, 1L, 0L], result.Votes);
        Assert.Equal(4, result.BallotsCast);
        Assert.Equal(1, result.Overvotes);
        Assert.Equal(1, result.Undervotes);
        Assert.Empty(result.Winners); // no first-choice majority: the rounds decide
    }

    [Fact]
    public void Tabulate_TotalOnlyBreakdownOnlyAndBoth_UsesBreakdownAndNeverDoubleCounts()
    {
        var result = Result(Tabulate(Report(
            Counts(Plurality, P1, Total, 10, 5, 0), // total only
            Counts(Plurality, P2, Day, 3, 1, 0), // breakdown only
            Counts(Plurality, P2, Mail, 4, 1, 0),
            Counts(Plurality, P3, Total, 9, 3, 1), // both: the total is ignored
            Counts(Plurality, P3, Day, 5, 1, 0),
            Counts(Plurality, P3, Mail, 4, 2, 1))), Plurality);

        Assert.Equal([10L + 7 + 9, 5L + 2 + 3, 1L], result.Votes);
        Assert.Equal(["p1/Total", "p2/ElectionDay", "p2/AbsenteeMail", "p3/ElectionDay", "p3/AbsenteeMail"],
            result.Units.Select(u => $"{u.Unit}/{u.Method}"));
        Assert.All(result.Units, u => Assert.Equal(CountSource.ReportedResults, u.Source));
        Assert.Null(result.BallotsCast);
    }

    [Fact]
    public void Tabulate_BreakdownCoveringSomeSelections_KeepsTotalForTheOthers()
    {
        var contest = Definition.Contests[Plurality];
        var p1 = Definition.GpUnits[P1].Id;
        var report = new ReportedResults(
            [
                .. Counts(Plurality, P1, Total, 10, 5, 2),
                new ReportedCount(contest.Id, contest.Selections[0].Id, p1, Day, 6),
                new ReportedCount(contest.Id, contest.Selections[1].Id, p1, Day, 3),
                new ReportedCount(contest.Id, contest.Selections[0].Id, p1, Mail, 4),
                new ReportedCount(contest.Id, contest.Selections[1].Id, p1, Mail, 2),
            ],
            []);

        var result = Result(Tabulate(report), Plurality);

        Assert.Equal([10L, 5L, 2L], result.Votes);
        Assert.Equal(["Total:0,0,2", "ElectionDay:6,3,0", "AbsenteeMail:4,2,0"],
            result.Units.Select(u => $"{u.Method}:{string.Join(',', u.Votes)}"));
    }

    [Fact]
    public void Tabulate_ReportedUnits_AssignsNearestCounty()
    {
        var result = Result(Tabulate(Report(
            Counts(Plurality, P3, Total, 1, 0, 0),
            Counts(Plurality, C1, Total, 2, 0, 0))), Plurality);

        Assert.Equal(["c1/c1", "c2/p3"], result.Units.Select(u => $"{u.County}/{u.Unit}"));
    }

    [Fact]
    public void Tabulate_LaterReport_ReplacesEarlierCell()
    {
        var first = new ReportedResults(
            [.. Counts(Plurality, C1, Day, 10, 5, 0), .. Counts(Plurality, C2, Day, 1, 0, 0)],
            [new ReportedContestCounts(Definition.Contests[Plurality].Id, Definition.GpUnits[C1].Id, Day, 15, 0, 0)]);
        var second = Report(Counts(Plurality, C1, Day, 12, 6, 0));

        var result = Result(Tabulate(first, second), Plurality);

        Assert.Equal([13L, 6L, 0L], result.Votes);
        Assert.Null(result.BallotsCast); // the replacing cell did not report ballots cast
    }

    [Fact]
    public void Tabulate_ContestCounts_AreSummedWhenEveryCellKnowsThem()
    {
        var id = Definition.Contests[Plurality].Id;
        var report = new ReportedResults(
            [.. Counts(Plurality, C1, Day, 10, 5, 0), .. Counts(Plurality, C2, Day, 1, 0, 0)],
            [
                new ReportedContestCounts(id, Definition.GpUnits[C1].Id, Day, 16, 0, 1),
                new ReportedContestCounts(id, Definition.GpUnits[C2].Id, Day, 2, 1, 0),
            ]);

        var result = Result(Tabulate(report), Plurality);

        Assert.Equal(18, result.BallotsCast);
        Assert.Equal(1, result.Overvotes);
        Assert.Equal(1, result.Undervotes);
    }

    [Fact]
    public void BreakdownMismatches_FindATotalAndALaterBreakdownOfPartOfIt()
    {
        // A total, then a file with election-day counts only: tabulation takes the breakdown, and 60 votes vanished.
        var total = Report(Counts(Plurality, C1, Total, 100, 50, 0));
        var dayOnly = Report(Counts(Plurality, C1, Day, 40, 50, 0));
        var mismatch = Assert.Single(Tabulator.BreakdownMismatches(Election, [total, dayOnly]));
        Assert.Contains("the total is 100 but the counts by vote method add up to 40", mismatch.Message, StringComparison.Ordinal);
        Assert.Equal((Definition.GpUnits[C1].Id, SelectionId(Plurality, 0)), (mismatch.Unit, mismatch.Selection?.Value));
        Assert.Equal([40L, 50L, 0L], Result(Tabulate(total, dayOnly), Plurality).Votes);

        var whole = Report(Counts(Plurality, C1, Mail, 60, 0, 0));
        Assert.Empty(Tabulator.BreakdownMismatches(Election, [total, dayOnly, whole]));
        Assert.Empty(Tabulator.BreakdownMismatches(Election, [total]));
    }

    [Fact]
    public void Tabulate_UnitTotalsOfOvervotesNextToABreakdownOfVotes_AreKept()
    {
        // NIST's OtherCounts are per unit; with the unit's votes by vote method only, they were dropped with the total.
        var id = Definition.Contests[Plurality].Id;
        var report = new ReportedResults(
            [.. Counts(Plurality, C1, Day, 10, 5, 0), .. Counts(Plurality, C1, Mail, 3, 2, 0), .. Counts(Plurality, C2, Day, 1, 0, 0)],
            [
                new ReportedContestCounts(id, Definition.GpUnits[C1].Id, Total, null, 2, 5),
                new ReportedContestCounts(id, Definition.GpUnits[C2].Id, Day, null, 1, 0),
            ]);

        var result = Result(Tabulate(report), Plurality);

        Assert.Equal([14L, 7L, 0L], result.Votes);
        Assert.Equal((3L, 5L), (result.Overvotes, result.Undervotes));
        Assert.Null(result.BallotsCast);
    }

    [Fact]
    public void Tabulate_ContestCountsInSeparateRecords_AllCount()
    {
        // OpenElections gives overvotes and undervotes on rows of their own; the later record erased the earlier.
        var id = Definition.Contests[Plurality].Id;
        var unit = Definition.GpUnits[C1].Id;
        var report = new ReportedResults(
            [.. Counts(Plurality, C1, Day, 10, 5, 0)],
            [new ReportedContestCounts(id, unit, Day, null, 2, null), new ReportedContestCounts(id, unit, Day, null, null, 3)]);

        var result = Result(Tabulate(report), Plurality);

        Assert.Equal((2L, 3L), (result.Overvotes, result.Undervotes));
    }

    [Fact]
    public void Tabulate_RollUpAncestorCells_AreIgnored()
    {
        var result = Result(Tabulate(Report(
            Counts(Plurality, P1, Total, 5, 1, 0),
            Counts(Plurality, P2, Total, 3, 1, 0),
            Counts(Plurality, C1, Total, 8, 2, 0), // roll-up of p1 + p2
            Counts(Plurality, C2, Total, 2, 2, 0),
            Counts(Plurality, State, Total, 10, 4, 0))), Plurality); // roll-up of everything

        Assert.Equal([10L, 4L, 0L], result.Votes);
        Assert.Equal(["p1", "p2", "c2"], result.Units.Select(u => u.Unit.Value));
    }

    [Fact]
    public void Tabulate_CountyTotalAbovePartOfItsPrecincts_CountsTheRemainderOnTheCounty()
    {
        // c1 reported 12/3 in all; of its precincts only p1 reported (5/1). The 7/2 not yet broken down are c1's own.
        var result = Result(Tabulate(Report(
            Counts(Plurality, P1, Total, 5, 1, 0),
            Counts(Plurality, C1, Total, 12, 3, 0))), Plurality);

        Assert.Equal([12L, 3L, 0L], result.Votes);
        Assert.Equal(["c1 Total 7,2,0", "p1 Total 5,1,0"], result.Units.Select(Cell));
        Assert.Empty(result.IgnoredRollUps);
    }

    [Fact]
    public void Tabulate_NestedRollUps_EachAddsOnlyWhatItsPartsDoNot()
    {
        var result = Result(Tabulate(Report(
            Counts(Plurality, P1, Total, 5, 1, 0),
            Counts(Plurality, C1, Total, 12, 3, 0),
            Counts(Plurality, State, Total, 20, 9, 1))), Plurality);

        Assert.Equal([20L, 9L, 1L], result.Votes);
        Assert.Equal(["c1 Total 7,2,0", "p1 Total 5,1,0", "st Total 8,6,1"], result.Units.Select(Cell));
    }

    [Theory]
    // The precinct's method is one of the county's: the remainder keeps the county's methods.
    [InlineData(Day, new[] { "c1 ElectionDay 4,2,0", "c1 AbsenteeMail 5,1,0", "p1 ElectionDay 6,2,0" })]
    // The precinct reported only a total: which of the county's methods it belongs to is unknown, so one total.
    [InlineData(Total, new[] { "c1 Total 9,3,0", "p1 Total 6,2,0" })]
    public void Tabulate_RollUpByVoteMethod_KeepsItsMethodsWhenItsPartsUseThem(CountItemType precinctMethod, string[] cells)
    {
        var result = Result(Tabulate(Report(
            Counts(Plurality, P1, precinctMethod, 6, 2, 0),
            Counts(Plurality, C1, Day, 10, 4, 0),
            Counts(Plurality, C1, Mail, 5, 1, 0))), Plurality);

        Assert.Equal([15L, 5L, 0L], result.Votes);
        Assert.Equal(cells, result.Units.Select(Cell));
    }

    [Fact]
    public void Tabulate_RollUpBelowItsParts_IsLeftOutAndSaysWhy()
    {
        // A county total from earlier in the night under newer precinct counts: the precincts count, the total does not.
        var result = Result(Tabulate(Report(
            Counts(Plurality, P1, Total, 5, 1, 0),
            Counts(Plurality, P2, Total, 4, 1, 0),
            Counts(Plurality, C1, Total, 8, 3, 0))), Plurality);

        Assert.Equal([9L, 2L, 0L], result.Votes);
        Assert.Equal(["p1 Total 5,1,0", "p2 Total 4,1,0"], result.Units.Select(Cell));
        Assert.Empty(result.Winners);
        var why = Assert.Single(result.IgnoredRollUps);
        Assert.Equal(("c1", SelectionId(Plurality, 0)), (why.Unit.Value, why.Selection?.Value));
        Assert.Contains("is 8 but the units with counts inside it add up to 9", why.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tabulate_RollUpBallotCounts_AddTheirRemainder()
    {
        var id = Definition.Contests[Plurality].Id;
        var report = new ReportedResults(
            [.. Counts(Plurality, P1, Total, 3, 1, 0), .. Counts(Plurality, C1, Total, 6, 2, 0)],
            [new ReportedContestCounts(id, Definition.GpUnits[P1].Id, Total, 4, 0, 0),
                new ReportedContestCounts(id, Definition.GpUnits[C1].Id, Total, 9, 1, 0)]);

        var result = Result(Tabulate(report), Plurality);

        Assert.Equal((9L, 1L, 0L), (result.BallotsCast, result.Overvotes, result.Undervotes));
        var county = Assert.Single(result.Units, u => u.Unit.Value == "c1");
        Assert.Equal((5L, 1L, 0L), (county.BallotsCast, county.Overvotes, county.Undervotes));
    }

    [Fact]
    public void Tabulate_RollUpWithFewerBallotsThanItsParts_KeepsItsVotesWithItsBallotsUnknown()
    {
        // Leaving the whole roll-up out for its ballot count dropped the votes only it reports.
        var id = Definition.Contests[Plurality].Id;
        var report = new ReportedResults(
            [.. Counts(Plurality, P1, Total, 3, 1, 0), .. Counts(Plurality, C1, Total, 6, 2, 0)],
            [new ReportedContestCounts(id, Definition.GpUnits[P1].Id, Total, 4, null, null),
                new ReportedContestCounts(id, Definition.GpUnits[C1].Id, Total, 3, null, null)]);

        var result = Result(Tabulate(report), Plurality);

        Assert.Equal([6L, 2L, 0L], result.Votes);
        Assert.Empty(result.IgnoredRollUps);
        Assert.Null(Assert.Single(result.Units, u => u.Unit.Value == "c1").BallotsCast);
    }

    [Fact]
    public void Tabulate_RollUpBelowItsPartsInOneVoteMethod_IsLeftOut()
    {
        // 50 on election day for the state, 70 in one precinct: the state's breakdown and the precinct's disagree. It was
        // switched to a total without a word, and the state's 50 mail votes were lost.
        var result = Result(Tabulate(Report(
            Counts(Plurality, State, Day, 50, 50, 0),
            Counts(Plurality, State, Mail, 50, 50, 0),
            Counts(Plurality, P1, Day, 70, 10, 0),
            Counts(Plurality, P1, Mail, 0, 0, 0))), Plurality);

        Assert.Contains("the reported election-day total is 50 but the units with counts inside it add up to 70", Assert.Single(result.IgnoredRollUps).Message, StringComparison.Ordinal);
        Assert.Empty(result.Winners);
    }

    [Fact]
    public void Tabulate_RollUpByVoteMethodWithItsOvervotes_KeepsItsMethods()
    {
        // An "Over Votes" row is a total with no votes; it made the county's remainder one total.
        var id = Definition.Contests[Plurality].Id;
        var report = new ReportedResults(
            [.. Counts(Plurality, C1, Day, 30, 25, 0), .. Counts(Plurality, C1, Mail, 20, 15, 0), .. Counts(Plurality, P1, Day, 10, 5, 0),
                .. Counts(Plurality, P1, Mail, 4, 3, 0)],
            [new ReportedContestCounts(id, Definition.GpUnits[C1].Id, Total, null, 3, null),
                new ReportedContestCounts(id, Definition.GpUnits[P1].Id, Total, null, 1, null)]);

        var result = Result(Tabulate(report), Plurality);

        Assert.Equal([50L, 40L, 0L], result.Votes);
        Assert.Equal(["c1 Total 0,0,0", "c1 ElectionDay 20,20,0", "c1 AbsenteeMail 16,12,0", "p1 Total 0,0,0", "p1 ElectionDay 10,5,0", "p1 AbsenteeMail 4,3,0"],
            result.Units.Select(Cell));
        Assert.Equal(3, result.Overvotes);
    }

    [Fact]
    public void Tabulate_StateRollUpNextToCvrs_IsIgnored()
    {
        var tally = new CvrTally(Election);
        tally.Add(Ballot(P1, Day, (Plurality, [0])));

        var result = Result(Tabulate(tally,
            Report(Counts(Plurality, C2, Total, 0, 3, 0), Counts(Plurality, State, Total, 1, 3, 0))), Plurality);

        Assert.Equal([1L, 3L, 0L], result.Votes);
        Assert.Equal([CountSource.CastVoteRecords, CountSource.ReportedResults], result.Units.Select(u => u.Source));
        Assert.Null(result.BallotsCast);
    }

    [Theory]
    [InlineData(C1)]
    [InlineData(P2)]
    [InlineData(P1)]
    public void Tabulate_CvrsAndReportsForSameCounty_Throws(int reportedUnit)
    {
        var tally = new CvrTally(Election);
        tally.Add(Ballot(P1, Day, (Plurality, [0])));

        var ex = Assert.Throws<InvalidOperationException>(() =>
            Tabulate(tally, Report(Counts(Plurality, reportedUnit, Total, 1, 0, 0))));

        Assert.Contains("'pres'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'c1'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tabulate_UnknownReportedUnit_Throws()
    {
        var report = new ReportedResults(
            [new ReportedCount(Definition.Contests[0].Id, Definition.Contests[0].Selections[0].Id, new GpUnitId("nowhere"), Total, 1)],
            []);

        Assert.Throws<ArgumentException>(() => Tabulate(report));
    }

    private static string Cell(UnitCounts cell) => $"{cell.Unit} {cell.Method} {string.Join(',', cell.Votes)}";
}
