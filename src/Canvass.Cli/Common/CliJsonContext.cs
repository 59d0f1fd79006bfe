using System.Text.Json.Serialization;
using Canvass.Cli.Commands;
using Canvass.Cli.Finality;
using Canvass.Cli.Imports;
using Canvass.Cli.Verification;
using Canvass.Domain;

namespace Canvass.Cli.Common;

/// <summary>Source-generated JSON for everything the CLI prints with <c>--json</c>.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ProblemReport))]
[JsonSerializable(typeof(ImportOutcome))]
[JsonSerializable(typeof(List<ImportOutcome>))]
[JsonSerializable(typeof(TabulationReport))]
[JsonSerializable(typeof(RulesSetReport))]
[JsonSerializable(typeof(JurisdictionRulesSetReport))]
[JsonSerializable(typeof(ExportCdfReport))]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(VerificationReport))]
[JsonSerializable(typeof(ReceiptVerificationReport))]
[JsonSerializable(typeof(VerifierState))]
[JsonSerializable(typeof(RcvReport))]
[JsonSerializable(typeof(AuditStatusReport))]
[JsonSerializable(typeof(AuditOptionsReport))]
[JsonSerializable(typeof(AuditSampleReport))]
[JsonSerializable(typeof(AuditBatchSampleReport))]
[JsonSerializable(typeof(AuditHandTallySampleReport))]
[JsonSerializable(typeof(AuditRecordReport))]
[JsonSerializable(typeof(AuditExplainReport))]
[JsonSerializable(typeof(Canvass.Domain.Events.AuditRoundClosed))]
[JsonSerializable(typeof(List<RetrievalListFile>))]
[JsonSerializable(typeof(RecordReport))]
[JsonSerializable(typeof(TallyHashReport))]
[JsonSerializable(typeof(List<FinalityReport>))]
[JsonSerializable(typeof(List<DeadlinesReport>))]
[JsonSerializable(typeof(Canvass.Cli.Rla.RlaSampleReport))]
[JsonSerializable(typeof(Canvass.Cli.Rla.RlaSampleSizeReport))]
[JsonSerializable(typeof(Canvass.Cli.Rla.RlaRiskReport))]
[JsonSerializable(typeof(Canvass.Cli.Electoral.ElectoralReport))]
[JsonSerializable(typeof(Canvass.Cli.Audit.AuditHybridSampleReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
