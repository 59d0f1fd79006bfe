using System.Collections.Immutable;
using Canvass.Domain.Events;
using Canvass.Domain.Facts;

namespace Canvass.Storage.Tests;

/// <summary>One example of every recorded fact (Canvass.Domain.Facts), with optional members set and unset.</summary>
internal static class SampleFacts
{
    private static readonly DateTimeOffset At = new(2020, 11, 7, 11, 25, 0, TimeSpan.FromHours(-5));

    public static ImmutableArray<IEvent> All { get; } =
    [
        new RaceCalled("k-gov", "AP", "c-1", "votes counted", "AP", At, "https://apnews.com/x"),
        new RaceCallRetracted("k-gov", "AP", null, "AP", At.AddDays(1), null),
        new ConcessionMade("k-gov", "c-2", "speech", "news", At, null),
        new ConcessionWithdrawn("k-gov", "c-2", "news", At.AddHours(2), "https://example.org/w"),
        new LegalChallengeFiled("k-gov", "Superior Court", "2020-CV-1", "c-2", ["ineligible votes", "late ballots"], "court", At, null),
        new LegalChallengeRuled("k-gov", "2020-CV-1", "Superior Court", "dismissed", null, "court", At.AddDays(3), null),
        new LegalChallengeAppealed("k-gov", "2020-CV-1", "Court of Appeals", "c-2", "court", At.AddDays(4), null),
        new LegalChallengeClosed("k-gov", "2020-CV-1", "dismissed", "court", At.AddDays(9), null),
        new CourtOrderIssued("k-gov", "order-1", "Superior Court", "2020-CV-1", "segregate-ballots", null, "court", At.AddDays(1), null),
        new RecountRequested("k-gov", "c-2", "Fulton", "SoS", At.AddDays(14), null),
        new RecountStarted("k-gov", "machine", "SoS", At.AddDays(15), null),
        new RecountCompleted("k-gov", [new NamedCount("s-1", 10), new NamedCount("s-2", 9)], new string('d', 64), new string('c', 64), "SoS", At.AddDays(20), null),
        new ContestCertified("k-gov", "state", "ga-secretary-of-state", [new NamedCount("s-1", 11)], new string('c', 64),
            [new OfficialSignature("ga-secretary-of-state", "c2ln")], false, "SoS", At.AddDays(13), "https://sos.ga.gov/cert.pdf"),
        new AuditResultRecorded("k-gov", "hand-count", "passed", "confirmed", "SoS", At.AddDays(12), null),
        new ElectorsAppointed("k-gov", "GA", "c-1", 16, "Governor", At.AddDays(13), null),
        new ElectorVotesCast("k-gov", "GA", 16, [new NamedCount("c-1", 16)], "certificate of vote", At.AddDays(37), null),
        new CongressCounted("k-gov", [new NamedCount("c-1", 306), new NamedCount("c-2", 232)], "Congressional Record", At.AddDays(61), null),
    ];
}
