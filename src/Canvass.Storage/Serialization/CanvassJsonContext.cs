using System.Text.Json;
using System.Text.Json.Serialization;
using Canvass.Domain.Elections;
using Canvass.Domain.Events;
using Canvass.Domain.Facts;
using Canvass.Domain.Results;

namespace Canvass.Storage.Serialization;

/// <summary>Source-generated JSON metadata for every event and everything events carry. Ids are plain strings, enums
/// kebab-case names, dates ISO 8601, property names camelCase; nulls are omitted.</summary>
/// <remarks>Register every new <see cref="IEvent"/> here; a reflection test fails otherwise.</remarks>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    Converters =
    [
        typeof(StringIdConverter<GpUnitId>), typeof(StringIdConverter<BallotStyleId>), typeof(StringIdConverter<CandidateId>),
        typeof(StringIdConverter<ContestId>), typeof(StringIdConverter<OfficeId>), typeof(StringIdConverter<PartyId>),
        typeof(StringIdConverter<PersonId>), typeof(StringIdConverter<SelectionId>),
        typeof(CountItemTypeConverter), typeof(ContestKindConverter), typeof(VoteVariationConverter),
    ])]
[JsonSerializable(typeof(ElectionDefined))]
[JsonSerializable(typeof(CvrsCommitted))]
[JsonSerializable(typeof(ResultsReported))]
[JsonSerializable(typeof(ContestRulesSet))]
[JsonSerializable(typeof(JurisdictionRulesSet))]
[JsonSerializable(typeof(ElectionDefinition))]
[JsonSerializable(typeof(ReportedResults))]
[JsonSerializable(typeof(ManifestCommitted))]
[JsonSerializable(typeof(AuditCreated))]
[JsonSerializable(typeof(AuditSeedSet))]
[JsonSerializable(typeof(AuditSampleDrawn))]
[JsonSerializable(typeof(BallotsInterpreted))]
[JsonSerializable(typeof(AuditRoundClosed))]
[JsonSerializable(typeof(AuditBatchTalliesReported))]
[JsonSerializable(typeof(AuditBatchesDrawn))]
[JsonSerializable(typeof(BatchTalliesRecorded))]
[JsonSerializable(typeof(HandTallyFrameFixed))]
[JsonSerializable(typeof(BallotAccountingExplained))]
[JsonSerializable(typeof(RaireAssertionsGenerated))]
[JsonSerializable(typeof(RaireAssertionsMeasured))]
[JsonSerializable(typeof(RaceCalled))]
[JsonSerializable(typeof(RaceCallRetracted))]
[JsonSerializable(typeof(ConcessionMade))]
[JsonSerializable(typeof(ConcessionWithdrawn))]
[JsonSerializable(typeof(LegalChallengeFiled))]
[JsonSerializable(typeof(LegalChallengeRuled))]
[JsonSerializable(typeof(LegalChallengeAppealed))]
[JsonSerializable(typeof(LegalChallengeClosed))]
[JsonSerializable(typeof(CourtOrderIssued))]
[JsonSerializable(typeof(RecountRequested))]
[JsonSerializable(typeof(RecountStarted))]
[JsonSerializable(typeof(RecountCompleted))]
[JsonSerializable(typeof(ContestCertified))]
[JsonSerializable(typeof(AuditResultRecorded))]
[JsonSerializable(typeof(ElectorsAppointed))]
[JsonSerializable(typeof(ElectorVotesCast))]
[JsonSerializable(typeof(CongressCounted))]
[JsonSerializable(typeof(HybridStrataReported))]
[JsonSerializable(typeof(HybridStrataDrawn))]
public sealed partial class CanvassJsonContext : JsonSerializerContext;
