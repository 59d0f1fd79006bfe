using Canvass.Domain.Elections;
using Canvass.Domain.Tabulation;
using static Canvass.Domain.Tests.Tabulation.TestElection;

namespace Canvass.Domain.Tests.Tabulation;

public sealed class CvrTallyTests
{
    [Fact]
    public void Add_UnitSeenInAnotherCounty_ThrowsAndLeavesTallyUnchanged()
    {
        var tally = new CvrTally(Election);
        tally.Add(Ballot(P1, CountItemType.ElectionDay, (Plurality, [0])));
        var stray = Ballot(P1, CountItemType.ElectionDay, (Plurality, [1])) with { County = C2 };

        Assert.Throws<ArgumentException>(() => tally.Add(stray));

        Assert.Equal(1, tally.BallotCount);
        Assert.Equal([1L, 0L, 0L], tally.UnitCountsFor(Plurality).Single().Votes);
    }

    [Fact]
    public void Add_SelectionOutsideContest_Throws()
    {
        var tally = new CvrTally(Election);

        Assert.Throws<ArgumentException>(() => tally.Add(Ballot(P1, CountItemType.ElectionDay, (Plurality, [3]))));
        Assert.Equal(0, tally.BallotCount);
    }

    [Fact]
    public void Add_BallotWithoutContests_CountsBallotOnly()
    {
        var tally = new CvrTally(Election);
        tally.Add(Ballot(P1, CountItemType.ElectionDay));

        Assert.Equal(1, tally.BallotCount);
        Assert.Empty(tally.UnitCountsFor(Plurality));
    }

    [Fact]
    public void UnitCountsFor_VoteForThree_DerivesBallotsCast()
    {
        var tally = new CvrTally(Election);
        tally.Add(Ballot(P2, CountItemType.Early, (VoteForThree, [0])));
        tally.Add(Ballot(P2, CountItemType.Early, (VoteForThree, [0, 1, 2, 3])));

        var cell = tally.UnitCountsFor(VoteForThree).Single();

        Assert.Equal(2, cell.BallotsCast);
        Assert.Equal(3, cell.Overvotes);
        Assert.Equal(2, cell.Undervotes);
        Assert.Equal("c1", cell.County.Value);
        Assert.Equal("p2", cell.Unit.Value);
        Assert.Equal(CountItemType.Early, cell.Method);
    }

    [Fact]
    public void BallotColumns_SelectionOutsideContest_ThrowsAndStaysEmpty()
    {
        var columns = new BallotColumns(Election);

        Assert.Throws<ArgumentException>(() => columns.Add(Ballot(P1, CountItemType.ElectionDay, (Plurality, [0]), (Measure, [2]))));
        Assert.Equal(0, columns.Count);
        Assert.True(columns.MarkStream.IsEmpty);
    }

    [Fact]
    public void BallotColumns_Add_WritesContestMarkCountAndSelections()
    {
        var columns = new BallotColumns(Election);
        columns.Add(Ballot(P3, CountItemType.AbsenteeMail, (Plurality, [2]), (VoteForThree, [0, 4])));
        columns.Add(RankedBallot(P1, (3, 1), (0, 2)));
        columns.TrimExcess();

        Assert.Equal([P3, P1], columns.UnitColumn.ToArray());
        Assert.Equal([C2, C1], columns.CountyColumn.ToArray());
        Assert.Equal([(byte)CountItemType.AbsenteeMail, (byte)CountItemType.ElectionDay], columns.MethodColumn.ToArray());
        Assert.Equal([0, 7, 13], columns.OffsetColumn.ToArray());
        Assert.Equal([0, 1, 2, 1, 2, 0, 4, 5, 2, 3, 1, 0, 2], columns.MarkStream.ToArray().Select(x => (int)x));
    }

    [Fact]
    public void Merge_OtherElection_Throws()
    {
        var other = new ElectionIndex(Definition with { Name = "Other" });

        Assert.Throws<ArgumentException>(() => new CvrTally(Election).Merge(new CvrTally(other)));
    }
}
