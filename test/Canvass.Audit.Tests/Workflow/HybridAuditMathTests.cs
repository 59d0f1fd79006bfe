using System.Collections.Immutable;
using Canvass.Audit.Workflow;
using Canvass.Domain.Audits;
using Canvass.Domain.Events;

namespace Canvass.Audit.Tests.Workflow;

public sealed class HybridAuditMathTests
{
    private const string Seed = "27182818284590452353";

    private static readonly ManifestBatchEntry NorthBatch = new("North", "c-north", null, null, "n1", 30);
    private static readonly ManifestBatchEntry SouthBatch = new("South", "c-south", "Box 2", null, "s1", 20);

    private static readonly AuditedContest Contest = new("k", true, [new ReportedChoice("a", 30), new ReportedChoice("b", 15), new ReportedChoice("c", 5)], 50, 1, 1, ["c-north", "c-south"]);

    private static readonly ReportedStratum Cvr = new("k", HybridStrata.Cvr, ["c-north"], 30, [new ReportedChoice("a", 18), new ReportedChoice("b", 9), new ReportedChoice("c", 3)]);
    private static readonly ReportedStratum NonCvr = new("k", HybridStrata.NonCvr, ["c-south"], 20, [new ReportedChoice("a", 12), new ReportedChoice("b", 6), new ReportedChoice("c", 2)]);

    private static AuditState State() => AuditState.Replay(
    [
        new ManifestCommitted("man-1", "m.csv", new string('0', 64), ["c-north", "c-south"], 50, [NorthBatch, SouthBatch], "canvass-manifest-batch.v1", new string('0', 64)),
        new AuditCreated("audit-1", AuditTypes.Hybrid, 10, [Contest], [], ["man-1"]),
        new HybridStrataReported("audit-1", [Cvr, NonCvr]),
        new AuditSeedSet("audit-1", Seed),
    ]);

    private static AuditState WithRound(AuditState state, HybridSampleSize size) =>
        Apply(state, HybridAuditMath.Draw(state, [size], state.Rounds), size, state.Rounds.Length + 1);

    private static AuditState Apply(AuditState state, ImmutableArray<SampledBallot> ballots, HybridSampleSize size, int round) =>
        AuditState.Apply(
            AuditState.Apply(state, new AuditSampleDrawn("audit-1", round, [new SampleSize("k", size.Option, size.Cvr + size.NonCvr)], ballots)),
            new HybridStrataDrawn("audit-1", round, [size]));

    private static MeasuredBallot Paper(string? audited, string? reported, bool notFound = false, int draws = 1) =>
        new(1, draws, notFound,
            audited is null ? null : new ContestInterpretation("k", Interpretations.Vote, [audited], false),
            reported is null ? null : [reported]);

    [Fact]
    public void The_fold_keeps_the_strata_and_each_rounds_sizes()
    {
        var state = WithRound(State(), new HybridSampleSize("k", "custom", 4, 3));
        Assert.Equal([Cvr, NonCvr], state.HybridStrata);
        Assert.Equal(new HybridSampleSize("k", "custom", 4, 3), Assert.Single(state.Rounds[0].HybridSizes));
        Assert.Equal((Cvr, NonCvr), HybridAuditMath.StrataOf(state, "k"));
        Assert.Equal(HybridStrata.NonCvr, HybridAuditMath.StratumOf(state, "c-south"));
        Assert.Throws<InvalidOperationException>(() => HybridAuditMath.StrataOf(state, "other"));
    }

    [Fact]
    public void Rounds_draw_the_non_cvr_stratum_without_replacement_until_every_ballot_is_drawn_once()
    {
        var state = WithRound(State(), new HybridSampleSize("k", "custom", 25, 12));
        state = WithRound(state, new HybridSampleSize("k", "custom", 25, 8));
        var south = state.Rounds.SelectMany(r => r.Sample.Ballots).Where(b => b.County == "c-south").ToList();
        Assert.Equal(Enumerable.Range(1, 20), south.Select(b => b.Position).Order());
        Assert.All(south, b => Assert.Equal(1, Assert.Single(b.Draws).Generation));
        Assert.Equal("Box 2", south[0].Container);

        // The CVR stratum is drawn with replacement: 50 draws of 30 ballots must draw some ballot again.
        var north = state.Rounds.SelectMany(r => r.Sample.Ballots).Where(b => b.County == "c-north").SelectMany(b => b.Draws).ToList();
        Assert.Equal(50, north.Count);
        Assert.Contains(north, d => d.Generation > 1);
        Assert.Equal(50, HybridAuditMath.DrawsIn("k", ["c-north"], state.Rounds));
    }

    [Fact]
    public void Options_are_suites_sizes_and_a_recount_offers_only_all_ballots()
    {
        var empty = new HybridContestSample(Cvr, NonCvr, [], []);
        var (polling, comparison) = HybridAuditMath.ToSuiteStrata(Contest, empty);
        var expected = Suite.GetSampleSize(10, AuditMath.ToArloContest(Contest), polling, comparison);
        var options = HybridAuditMath.Options(10, Contest, empty);
        Assert.False(expected.RecountNeeded);
        Assert.Equal(("suite", (int?)expected.Cvr, (int?)expected.NonCvr, (int)(expected.Cvr + expected.NonCvr)), (options[0].Id, options[0].SizeCvr, options[0].SizeNonCvr, options[0].Size));
        Assert.Equal(("all-ballots", 50), (options[1].Id, options[1].Size));

        // A margin of one vote: SUITE needs a stratum counted in full (Arlo raises "One or both strata need to be
        // recounted."), so only all-ballots is offered, every ballot of both strata.
        var close = Contest with { Choices = [new ReportedChoice("a", 23), new ReportedChoice("b", 22), new ReportedChoice("c", 5)] };
        var closeCvr = Cvr with { Votes = [new ReportedChoice("a", 14), new ReportedChoice("b", 13), new ReportedChoice("c", 3)] };
        var closeNonCvr = NonCvr with { Votes = [new ReportedChoice("a", 9), new ReportedChoice("b", 9), new ReportedChoice("c", 2)] };
        var recount = Assert.Single(HybridAuditMath.Options(10, close, new HybridContestSample(closeCvr, closeNonCvr, [], [])));
        Assert.Equal(("all-ballots", 50, (int?)30, (int?)20), (recount.Id, recount.Size, recount.SizeCvr, recount.SizeNonCvr));
        Assert.StartsWith(Suite.RecountNeededMessage, recount.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ballot_not_found_is_a_two_vote_overstatement_in_the_cvr_stratum_and_no_vote_in_the_other()
    {
        MeasuredBallot[] cvr = [Paper("a", "a", draws: 2), Paper(null, "a", notFound: true), Paper("b", "b")];
        MeasuredBallot[] nonCvr = [Paper("a", null), Paper("a", null), Paper(null, null, notFound: true), Paper("c", null)];
        var sample = new HybridContestSample(Cvr, NonCvr, cvr, nonCvr);
        var outcome = HybridAuditMath.Measure(10, Contest, sample);

        // SUITE's inputs, built by hand: 4 CVR draws with one two-vote overstatement per pair (each ballot once), 4
        // non-CVR ballots of which 2 read a, 1 reads c and 1 was not found (in the sample size, for no one).
        var arlo = AuditMath.ToArloContest(Contest);
        var misstatements = new Dictionary<(string, string), SuiteMisstatements> { [("a", "b")] = new(0, 1, 0, 0), [("a", "c")] = new(0, 1, 0, 0) };
        var comparison = new SuiteComparisonStratum(30, new Dictionary<string, long> { ["a"] = 18, ["b"] = 9, ["c"] = 3 }, misstatements, 4);
        var polling = new SuitePollingStratum(20, new Dictionary<string, long> { ["a"] = 12, ["b"] = 6, ["c"] = 2 },
            [new Dictionary<string, long> { ["a"] = 2, ["b"] = 0, ["c"] = 1 }], 4);
        var risk = Suite.ComputeRisk(10, arlo, polling, comparison);
        Assert.Equal(risk.PValue.ToString("R", System.Globalization.CultureInfo.InvariantCulture), outcome.PValue);
        Assert.Equal(8, outcome.Draws);
        Assert.Equal((0, 1), (outcome.Overstatements1, outcome.Overstatements2));
        Assert.Equal([2L, 0L, 1L], outcome.SampleVotes.Select(v => v.Votes));
    }
}
