using static Canvass.Audit.Tests.AuditTestData;

namespace Canvass.Audit.Tests;

/// <summary>Edge cases of the batch-comparison (MACRO) math beyond Arlo's recorded vectors. Expected values follow
/// from MACRO's formulas by hand: u_p = (v_w − v_l + b_p)/V_wl, U = Σ u_p, p = Π (1 − 1/U)/(1 − taint),
/// n = ⌈(ln α − ln p)/ln(1 − 1/U)⌉ + 1.</summary>
public sealed class MacroTests
{
    private static readonly Dictionary<string, string> NoTickets = new(StringComparer.Ordinal);
    private static readonly List<IReadOnlySet<string>> NoCombined = [];

    private static BatchComparisonContest Contest(long ballots, long pending, bool runoff, params (string Name, long Votes)[] candidates) =>
        new(AuditTestData.Contest(ballots, 1, candidates), pending, runoff);

    /// <summary>100 batches of 100 ballots, each reported exactly like the contest (60/40 → u_p = 120/2000 = 0.06, U = 6).</summary>
    private static List<KeyValuePair<string, BatchTally?>> Batches(int count, long ballots, params (string Name, long Votes)[] votes) =>
        [.. Enumerable.Range(0, count).Select(i => new KeyValuePair<string, BatchTally?>($"b{i}", new BatchTally(Votes(votes), ballots)))];

    private static readonly BatchComparisonContest SixtyForty = Contest(10000, 0, false, ("w", 6000), ("l", 4000));
    private static readonly List<KeyValuePair<string, BatchTally?>> Reported = Batches(100, 100, ("w", 60), ("l", 40));

    private static (Dictionary<string, IReadOnlyDictionary<string, long>?> Audited, Dictionary<string, string> Tickets) Clean(int draws)
    {
        var audited = new Dictionary<string, IReadOnlyDictionary<string, long>?>(StringComparer.Ordinal);
        var tickets = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < draws; i++)
        {
            audited[$"b{i}"] = Votes(("w", 60), ("l", 40));
            tickets[$"t{i:D3}"] = $"b{i}";
        }

        return (audited, tickets);
    }

    private static ComparisonRisk Risk(BatchComparisonContest contest, List<KeyValuePair<string, BatchTally?>> reported,
        Dictionary<string, IReadOnlyDictionary<string, long>?> audited, Dictionary<string, string> tickets,
        List<IReadOnlySet<string>>? combined = null) =>
        Macro.ComputeRisk(10, contest, reported, audited, tickets, combined ?? NoCombined);

    /// <summary>u_p and U for identical batches.</summary>
    [Fact]
    public void MaxErrorAndU()
    {
        Assert.Equal(0.06, Macro.ComputeMaxError(SixtyForty, Reported[0].Value, 0), 1e-15);
        Assert.Equal(0.0, Macro.ComputeMaxError(SixtyForty, null, 0));
        Assert.Equal(6.0, Macro.ComputeU(SixtyForty, Reported));
        Assert.Equal(0, Macro.ComputeUnauditableBallots(SixtyForty, Reported));
    }

    /// <summary>No discrepancies: size ⌈ln 0.1 / ln(5/6)⌉ + 1 = 14; 12 clean draws leave p = (5/6)^12 above 10% and
    /// ask for ⌈(ln 0.1 − ln p)/ln(5/6)⌉ + 1 = 2 more; 13 finish.</summary>
    [Fact]
    public void NoDiscrepancies_SizesAndRisk()
    {
        Assert.Equal(14, Macro.GetSampleSize(10, SixtyForty, Reported, Clean(0).Audited, NoTickets, NoCombined));

        var (audited, tickets) = Clean(12);
        var risk = Risk(SixtyForty, Reported, audited, tickets);
        Assert.Equal(Math.Pow(5.0 / 6, 12), risk.PValue, 1e-12);
        Assert.False(risk.Finished);
        Assert.Equal(2, Macro.GetSampleSize(10, SixtyForty, Reported, audited, tickets, NoCombined));

        (audited, tickets) = Clean(13);
        Assert.True(Risk(SixtyForty, Reported, audited, tickets).Finished);
        Assert.Equal(0, Macro.GetSampleSize(10, SixtyForty, Reported, audited, tickets, NoCombined));
    }

    /// <summary>An overstatement (55/45 audited for 60/40 reported: e = 10/2000, taint 1/12) multiplies by
    /// (5/6)/(11/12); an understatement is clipped to 0; a taint of 1 blows the risk up.</summary>
    [Fact]
    public void Discrepancies()
    {
        var (audited, tickets) = Clean(12);
        audited["b0"] = Votes(("w", 55), ("l", 45));
        Assert.Equal(Math.Pow(5.0 / 6, 12) * 12 / 11, Risk(SixtyForty, Reported, audited, tickets).PValue, 1e-12);

        audited["b0"] = Votes(("w", 65), ("l", 35));
        Assert.Equal(Math.Pow(5.0 / 6, 12), Risk(SixtyForty, Reported, audited, tickets).PValue, 1e-12);

        audited["b0"] = Votes(("w", 0), ("l", 100));
        Assert.Equal(new ComparisonRisk(1.0, false), Risk(SixtyForty, Reported, audited, tickets));
    }

    /// <summary>A risk limit of 0 can only be met by counting every batch.</summary>
    [Fact]
    public void RiskLimitZero_FullCount()
    {
        Assert.Equal(100, Macro.GetSampleSize(0, SixtyForty, Reported, Clean(0).Audited, NoTickets, NoCombined));
        var (audited, tickets) = Clean(50);
        Assert.False(Macro.ComputeRisk(0, SixtyForty, Reported, audited, tickets, NoCombined).Finished);
    }

    /// <summary>A batch drawn that does not contain the contest is skipped.</summary>
    [Fact]
    public void BatchWithoutContest_Skipped()
    {
        List<KeyValuePair<string, BatchTally?>> reported = [.. Reported, new("other", null)];
        var (audited, tickets) = Clean(3);
        audited["other"] = null;
        tickets["t999"] = "other";
        Assert.Equal(Math.Pow(5.0 / 6, 3), Risk(SixtyForty, reported, audited, tickets).PValue, 1e-12);
    }

    /// <summary>A tie needs every batch; its risk cannot be measured below 1.</summary>
    [Fact]
    public void Tie_FullCount()
    {
        var tie = Contest(10000, 0, false, ("w", 5000), ("l", 5000));
        var reported = Batches(100, 100, ("w", 50), ("l", 50));
        Assert.True(double.IsPositiveInfinity(Macro.ComputeU(tie, reported)));
        Assert.Equal(100, Macro.GetSampleSize(10, tie, reported, Clean(0).Audited, NoTickets, NoCombined));
        var (_, tickets) = Clean(1);
        var audited = new Dictionary<string, IReadOnlyDictionary<string, long>?>(StringComparer.Ordinal) { ["b0"] = Votes(("w", 50), ("l", 50)) };
        Assert.Equal(new ComparisonRisk(1.0, false), Risk(tie, reported, audited, tickets));
    }

    /// <summary>Every batch audited: no size can be given (Arlo's error) and the risk is 0.</summary>
    [Fact]
    public void AllBatchesAudited()
    {
        var (audited, tickets) = Clean(100);
        var e = Assert.Throws<InvalidOperationException>(() => Macro.GetSampleSize(10, SixtyForty, Reported, audited, tickets, NoCombined));
        Assert.Equal(Macro.AllCountedMessage, e.Message);
        Assert.Equal(new ComparisonRisk(0, true), Risk(SixtyForty, Reported, audited, tickets));
    }

    /// <summary>Pending ballots and unauditable ballots (contest votes no batch accounts for) both shrink every margin.</summary>
    [Fact]
    public void PendingAndUnauditableBallots_ShrinkMargins()
    {
        var pending = Contest(10000, 100, false, ("w", 6000), ("l", 4000));
        Assert.Equal(100 * 120 / 1900.0, Macro.ComputeU(pending, Reported), 1e-12);

        var short1 = Batches(100, 99, ("w", 59), ("l", 40));
        Assert.Equal(100, Macro.ComputeUnauditableBallots(SixtyForty, short1));
        Assert.Equal(100 * 118 / 1900.0, Macro.ComputeU(SixtyForty, short1), 1e-12);
    }

    /// <summary>Runoff law with a reported majority (55% of valid votes): the leader-vs-everyone-else pair (margin
    /// 1000) dominates the pairwise ones, U = 100 × (55 − 45 + 100)/1000 = 11 and the size grows from 10 to 26.</summary>
    [Fact]
    public void Runoff_MajorityThresholdDominates()
    {
        (string, long)[] candidates = [("alice", 5500), ("bob", 2500), ("carla", 2000)];
        var reported = Batches(100, 100, ("alice", 55), ("bob", 25), ("carla", 20));
        var plain = Contest(10000, 0, false, candidates);
        var runoff = Contest(10000, 0, true, candidates);
        Assert.Equal(100 * 130 / 3000.0, Macro.ComputeU(plain, reported), 1e-12);
        Assert.Equal(11.0, Macro.ComputeU(runoff, reported), 1e-12);
        Assert.Equal(10, Macro.GetSampleSize(10, plain, reported, Clean(0).Audited, NoTickets, NoCombined));
        Assert.Equal(26, Macro.GetSampleSize(10, runoff, reported, Clean(0).Audited, NoTickets, NoCombined));
    }

    /// <summary>Runoff law, leader at exactly half: the threshold margin is 0, so every batch must be counted.</summary>
    [Fact]
    public void Runoff_ExactHalf_FullCount()
    {
        var runoff = Contest(10000, 0, true, ("alice", 5000), ("bob", 3000), ("carla", 2000));
        var reported = Batches(100, 100, ("alice", 50), ("bob", 30), ("carla", 20));
        Assert.True(double.IsPositiveInfinity(Macro.ComputeMaxError(runoff, reported[0].Value, 0)));
        Assert.Equal(100, Macro.GetSampleSize(10, runoff, reported, Clean(0).Audited, NoTickets, NoCombined));
    }

    /// <summary>Runoff law without a majority: the runner-up is audited against the rest (bob vs carla, margin 1000,
    /// u_p = 110/1000 dominates, U = 11), so votes moving from bob to carla are an overstatement (taint 1/11).</summary>
    [Fact]
    public void Runoff_NoMajority_RunnerUpAudited()
    {
        var runoff = Contest(10000, 0, true, ("alice", 4000), ("bob", 3500), ("carla", 2500));
        var reported = Batches(100, 100, ("alice", 40), ("bob", 35), ("carla", 25));
        Assert.Equal(11.0, Macro.ComputeU(runoff, reported), 1e-12);
        var audited = new Dictionary<string, IReadOnlyDictionary<string, long>?>(StringComparer.Ordinal);
        var tickets = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 5; i++)
        {
            audited[$"b{i}"] = Votes(("alice", 40), ("bob", 35), ("carla", 25));
            tickets[$"t{i}"] = $"b{i}";
        }

        audited["b0"] = Votes(("alice", 40), ("bob", 30), ("carla", 30));
        var factor = 1 - (1 / 11.0);
        Assert.Equal(Math.Pow(factor, 4) * factor / (1 - (1 / 11.0)), Risk(runoff, reported, audited, tickets).PValue, 1e-12);
    }

    /// <summary>A combined batch's error uses its sub-batches' summed reported tallies (120/80 reported, 118/82
    /// audited: e = 4/2000, taint = 1/30), while u_p stays the drawn batch's own.</summary>
    [Fact]
    public void CombinedBatches_SumReportedTallies()
    {
        var combinedAudit = Votes(("w", 118), ("l", 82));
        var audited = new Dictionary<string, IReadOnlyDictionary<string, long>?>(StringComparer.Ordinal) { ["b0"] = combinedAudit, ["b1"] = combinedAudit };
        var tickets = new Dictionary<string, string>(StringComparer.Ordinal) { ["1"] = "b0" };
        List<IReadOnlySet<string>> combined = [new HashSet<string>(["b0", "b1"], StringComparer.Ordinal)];
        Assert.Equal(25.0 / 29, Risk(SixtyForty, Reported, audited, tickets, combined).PValue, 1e-12);
        // Without the combination the drawn batch alone looks like an understatement (clipped to 0).
        Assert.Equal(5.0 / 6, Risk(SixtyForty, Reported, audited, tickets).PValue, 1e-12);
    }
}
