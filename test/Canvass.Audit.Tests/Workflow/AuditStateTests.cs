using Canvass.Audit.Workflow;
using Canvass.Domain.Audits;
using Canvass.Domain.Events;

namespace Canvass.Audit.Tests.Workflow;

public sealed class AuditStateTests
{
    private static readonly AuditedContest Gov = new("k-gov", true, [new ReportedChoice("a", 60), new ReportedChoice("b", 40)], 100, 1, 1, ["c1"]);

    private static ManifestCommitted Manifest(string id, params (string County, string Batch, int Ballots)[] batches) =>
        new(id, id + ".csv", new string('0', 64), [.. batches.Select(b => b.County).Distinct()], batches.Sum(b => b.Ballots),
            [.. batches.Select(b => new ManifestBatchEntry(b.County, b.County, null, null, b.Batch, b.Ballots))], "canvass-manifest-batch.v1", new string('1', 64));

    private static SampledBallot Ballot(string batch, int position) =>
        new("c1", "c1", null, null, batch, position, [new SampleDraw("k-gov", "0.1", 1)], null, null, null);

    [Fact]
    public void Replay_walks_the_audit_from_creation_to_completion()
    {
        var events = new List<IEvent>
        {
            Manifest("m1", ("c1", "b1", 50), ("c2", "b1", 50)),
            new AuditCreated("audit-1", AuditTypes.BallotPolling, 10, [Gov], [], ["m1"]),
        };
        Assert.Equal("created", AuditState.Replay(events).Status);

        events.Add(new AuditSeedSet("audit-1", "12345678901234567890"));
        events.Add(new AuditSampleDrawn("audit-1", 1, [new SampleSize("k-gov", "asn", 2)], [Ballot("b1", 3), Ballot("b1", 9)]));
        var sampled = AuditState.Replay(events);
        Assert.Equal(("round-1", 2), (sampled.Status, sampled.OpenRound!.Missing.Count()));

        events.Add(new BallotsInterpreted("audit-1", 1, "c1", "x.csv", [new BallotInterpretation("c1", null, "b1", 3, true, [])]));
        events.Add(new BallotsInterpreted("audit-1", 1, "c1", "y.csv",
            [new BallotInterpretation("c1", null, "b1", 9, false, [new ContestInterpretation("k-gov", Interpretations.Vote, ["a"], false)])]));
        var recorded = AuditState.Replay(events);
        Assert.Empty(recorded.OpenRound!.Missing);

        events.Add(new AuditRoundClosed("audit-1", 1, [], RoundDecisions.Complete));
        var done = AuditState.Replay(events);
        Assert.Equal(("complete", true, null), (done.Status, done.IsFinished, done.OpenRound));
        Assert.Equal(events.Count, done.Version);
    }

    [Fact]
    public void A_later_manifest_of_a_county_replaces_the_earlier_one_and_batches_come_county_by_county()
    {
        var state = AuditState.Replay([Manifest("m1", ("c1", "b1", 50), ("c2", "b1", 40)), Manifest("m2", ("c2", "b9", 7))]);
        Assert.Equal(["m1", "m2"], state.Manifests.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => m.Value.ImportId));
        Assert.Equal([("c2", "b9"), ("c1", "b1")], state.BatchesOf(["c2", "c1"]).Select(b => (b.County, b.Batch)));
    }

    [Fact]
    public void A_later_interpretation_of_the_same_ballot_replaces_the_earlier()
    {
        var state = AuditState.Replay(
        [
            new AuditSampleDrawn("audit-1", 1, [], [Ballot("b1", 3)]),
            new BallotsInterpreted("audit-1", 1, "c1", "x", [new BallotInterpretation("c1", null, "b1", 3, true, [])]),
            new BallotsInterpreted("audit-1", 1, "c1", "y", [new BallotInterpretation("c1", null, "b1", 3, false, [])]),
        ]);
        Assert.False(Assert.Single(state.Rounds[0].Interpretations).Value.NotFound);
    }

    [Fact]
    public void A_ballot_drawn_again_in_a_later_round_keeps_its_earlier_reading()
    {
        var reading = new BallotInterpretation("c1", null, "b1", 3, false, [new ContestInterpretation("k-gov", Interpretations.Vote, ["a"], false)]);
        var state = AuditState.Replay(
        [
            new AuditSampleDrawn("audit-1", 1, [], [Ballot("b1", 3)]),
            new BallotsInterpreted("audit-1", 1, "c1", "x", [reading]),
            new AuditRoundClosed("audit-1", 1, [], RoundDecisions.NextRound),
            new AuditSampleDrawn("audit-1", 2, [], [Ballot("b1", 3), Ballot("b1", 4)]),
        ]);
        Assert.Same(reading, state.OpenRound!.Interpretations[new BallotKey("c1", null, "b1", 3)]);
        Assert.Equal(4, Assert.Single(state.OpenRound.Missing).Position);
    }
}
