using System.Collections.Immutable;
using System.Text.Json;
using Canvass.Domain.Audits;
using Canvass.Domain.Elections;
using Canvass.Domain.Events;
using Canvass.Domain.Results;
using Canvass.Storage.Serialization;

namespace Canvass.Storage.Tests;

/// <summary>One example of every event, with every optional member set somewhere and unset somewhere else.</summary>
internal static class SampleEvents
{
    public static ElectionDefinition Definition { get; } = new(
        "2026 General Election",
        new GpUnitId("st-ga"),
        new DateOnly(2026, 10, 13),
        new DateOnly(2026, 11, 3),
        "general",
        "Georgia Secretary of State",
        "GA",
        [
            new GpUnit(new GpUnitId("st-ga"), "Georgia", "state", [new GpUnitId("cty-fulton")], [new ExternalIdentifier("fips", "13")]),
            new GpUnit(new GpUnitId("cty-fulton"), "Fulton", "county", [new GpUnitId("pct-1")], [new ExternalIdentifier("other", "x1", "vendor-code")]),
            new GpUnit(new GpUnitId("pct-1"), "Precinct 1", "other", [], [], "vote-centre"),
        ],
        [new Party(new PartyId("p-dem"), "Democratic", "DEM"), new Party(new PartyId("p-ind"), "Independent")],
        [new Person(new PersonId("per-1"), "Ada Lovelace", new PartyId("p-dem")), new Person(new PersonId("per-2"), "Alan Turing")],
        [
            new Candidate(new CandidateId("c-1"), "Ada Lovelace", new PartyId("p-dem"), new PersonId("per-1")),
            new Candidate(new CandidateId("c-2"), "Alan Turing"),
        ],
        [
            new Contest(
                new ContestId("k-gov"),
                "Governor",
                ContestKind.Candidate,
                new GpUnitId("st-ga"),
                1,
                1,
                VoteVariation.Plurality,
                [
                    new ContestSelection(new SelectionId("s-1"), [new CandidateId("c-1")], false, "Ada Lovelace", [new PartyId("p-dem")]),
                    new ContestSelection(new SelectionId("s-2"), [new CandidateId("c-2")], false, "Alan Turing", []),
                    new ContestSelection(new SelectionId("s-wi"), [], true, "Write-in", []),
                ]),
            new Contest(
                new ContestId("k-q1"),
                "Question 1",
                ContestKind.BallotMeasure,
                new GpUnitId("cty-fulton"),
                1,
                1,
                VoteVariation.SuperMajority,
                [
                    new ContestSelection(new SelectionId("s-yes"), [], false, "Yes", []),
                    new ContestSelection(new SelectionId("s-no"), [], false, "No", []),
                ],
                PassageThreshold.TwoThirds),
            new Contest(new ContestId("k-board"), "Board", ContestKind.Candidate, new GpUnitId("cty-fulton"), 2, 2, VoteVariation.NOfM, []),
            new Contest(new ContestId("k-x"), "Odd", ContestKind.Retention, new GpUnitId("cty-fulton"), 1, 1, VoteVariation.Other, [], null, "borda"),
        ],
        [new BallotStyle(new BallotStyleId("bs-1"), [new GpUnitId("pct-1")], [new ContestId("k-gov"), new ContestId("k-q1")], [])]);

    public static ElectionDefined ElectionDefined { get; } = new(Definition, "election.json", new string('a', 64));

    public static CvrsCommitted CvrsCommitted { get; } = new(
        "cvr-bbbbbbbbbbbbbbbb", "cvrs.csv", new string('b', 64), "canvass-csv", 3, ["cty-fulton"], ["k-gov", "k-q1"], CvrRecordEncoding.Name, new string('e', 64));

    public static ResultsReported ResultsReported { get; } = new(
        "res-cccccccccccccccc",
        "results.json",
        new string('c', 64),
        "nist-1500-100-json",
        new ReportedResults(
            [
                new ReportedCount(new ContestId("k-gov"), new SelectionId("s-1"), new GpUnitId("cty-fulton"), CountItemType.AbsenteeMail, 1234),
                new ReportedCount(new ContestId("k-gov"), new SelectionId("s-2"), new GpUnitId("cty-fulton"), CountItemType.Total, Canvass.Ledger.CanonicalJson.MaxSafeInteger),
            ],
            [new ReportedContestCounts(new ContestId("k-gov"), new GpUnitId("cty-fulton"), CountItemType.ElectionDay, 10, null, 2)]));

    public static ContestRulesSet ContestRulesSet { get; } = new("k-rcv", "{\"overvoteRule\":\"alwaysSkipToNextRank\",\"tiebreakMode\":\"useCandidateOrder\"}", "rcv_config.json");

    public static JurisdictionRulesSet JurisdictionRulesSet { get; } = new(
        "ocd-division/country:us/state:oh", "{\"id\":\"OH\",\"name\":\"Ohio\",\"citation\":\"R.C. §3515.011\"}", new string('e', 64), "us-oh.json");

    public static ManifestCommitted ManifestCommitted { get; } = new(
        "man-dddddddddddddddd", "manifest.csv", new string('d', 64), ["cty-fulton"], 30,
        [new ManifestBatchEntry("Fulton", "cty-fulton", "Box 1", null, "Batch 1", 30)], ManifestBatchEncoding.Name, new string('f', 64));

    public static AuditCreated AuditCreated { get; } = new(
        "audit-1", AuditTypes.BallotComparison, 5,
        [new AuditedContest("k-gov", true, [new ReportedChoice("s-1", 20), new ReportedChoice("s-2", 10)], 30, 1, 1, ["cty-fulton"])],
        ["cvr-bbbbbbbbbbbbbbbb"], ["man-dddddddddddddddd"]);

    public static AuditSeedSet AuditSeedSet { get; } = new("audit-1", "12345678901234567890");

    public static AuditSampleDrawn AuditSampleDrawn { get; } = new(
        "audit-1", 1, [new SampleSize("k-gov", "supersimple", 1)],
        [new SampledBallot("cty-fulton", "Fulton", "Box 1", null, "Batch 1", 7, [new SampleDraw("k-gov", "0.123456789012345678", 1)], "b-7", "cvr-bbbbbbbbbbbbbbbb", 6)]);

    public static BallotsInterpreted BallotsInterpreted { get; } = new(
        "audit-1", 1, "cty-fulton", "board.csv",
        [new BallotInterpretation("cty-fulton", null, "Batch 1", 7, false, [new ContestInterpretation("k-gov", Interpretations.Vote, ["s-1"], false)])]);

    public static AuditRoundClosed AuditRoundClosed { get; } = new(
        "audit-1", 1, [new ContestRoundOutcome("k-gov", true, 1, "0.0431", true, [new ReportedChoice("s-1", 1)], 0, 0, 0, 0)], RoundDecisions.Complete)
    {
        AccountingDiscrepancies =
        [
            new BallotAccountingDiscrepancy(BallotAccountingKinds.Ballots, "cty-fulton", null, "Batch 1", 30, null, null, 32, 30),
            new BallotAccountingDiscrepancy(BallotAccountingKinds.SelectionVotes, "cty-fulton", "T1", "Batch 2", 30, "k-gov", "s-1", 31, 30),
        ],
    };

    public static BallotAccountingExplained BallotAccountingExplained { get; } = new("audit-1", 2, "cty-fulton", null, "Batch 1", "A second box of Batch 1 was found uncounted.");

    public static AuditBatchTalliesReported AuditBatchTalliesReported { get; } = new(
        "audit-1", [new ReportedBatchTally("k-gov", "cty-fulton", "Fulton", "Box 1", null, "Batch 1", 30, [new ReportedChoice("s-1", 20), new ReportedChoice("s-2", 10)])]);

    public static AuditBatchesDrawn AuditBatchesDrawn { get; } = new(
        "audit-1", 1, [new SampledBatch("cty-fulton", "Fulton", "Box 1", null, "Batch 1", [new SampleDraw("k-gov", "0.123456789012345678", 1)])]);

    public static BatchTalliesRecorded BatchTalliesRecorded { get; } = new(
        "audit-1", 1, "cty-fulton", "tallies.csv", [new AuditedBatchTally("cty-fulton", "Batch 1", "k-gov", 30, [new ReportedChoice("s-1", 19), new ReportedChoice("s-2", 11)])]);

    public static HandTallyFrameFixed HandTallyFrameFixed { get; } = new(
        "audit-1", 2, "k-gov", [new FrameManifest("cty-fulton", "man-dddddddddddddddd", new string('d', 64), 1, 30)], 1, 30);

    public static HybridStrataReported HybridStrataReported { get; } = new(
        "audit-1",
        [new ReportedStratum("k-gov", HybridStrata.Cvr, ["cty-fulton"], 30, [new ReportedChoice("s-1", 20), new ReportedChoice("s-2", 10)]),
         new ReportedStratum("k-gov", HybridStrata.NonCvr, ["cty-cobb"], 12, [new ReportedChoice("s-1", 5), new ReportedChoice("s-2", 6)])]);

    public static HybridStrataDrawn HybridStrataDrawn { get; } = new("audit-1", 1, [new HybridSampleSize("k-gov", "suite", 7, 4)]);
    public static RaireAssertionsGenerated RaireAssertionsGenerated { get; } = new(
        "audit-1", "k-mayor", "s-1", 30, [new RaireAssertion(RaireAssertion.Nen, "s-1", "s-2", ["s-1", "s-2"], "0.1"), new RaireAssertion(RaireAssertion.Neb, "s-1", "s-3", [], "0.2")]);

    public static RaireAssertionsMeasured RaireAssertionsMeasured { get; } = new(
        "audit-1", 1, "k-mayor", [new RaireAssertionRisk(new RaireAssertion(RaireAssertion.Neb, "s-1", "s-3", [], "0.2"), "0.04", true, 0, 0, 0, 0)]);

    /// <summary>Every sample, one per registered event type.</summary>
    public static ImmutableArray<IEvent> All { get; } = [ElectionDefined, CvrsCommitted, ResultsReported, ContestRulesSet, JurisdictionRulesSet, .. SampleFacts.All,
        ManifestCommitted, AuditCreated, AuditSeedSet, AuditSampleDrawn, BallotsInterpreted, AuditRoundClosed,
        AuditBatchTalliesReported, AuditBatchesDrawn, BatchTalliesRecorded, HandTallyFrameFixed, BallotAccountingExplained, HybridStrataReported, HybridStrataDrawn, RaireAssertionsGenerated, RaireAssertionsMeasured];

    /// <summary>Structural equality: same type and same stored JSON (records holding ImmutableArray compare arrays by
    /// reference, so plain Equals is not enough).</summary>
    public static void AssertSame(IEvent expected, IEvent actual)
    {
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(EventSerializer.Serialize(expected).Data, EventSerializer.Serialize(actual).Data);
    }

    public static JsonElement ToJson(IEvent @event) => JsonDocument.Parse(EventSerializer.Serialize(@event).Data).RootElement.Clone();
}
