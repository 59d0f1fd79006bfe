using System.Text.Json;
using System.Text.Json.Serialization;

namespace Canvass.Cli.Finality;

/// <summary>What <c>canvass record … --json</c> prints: the fact as stored and its log position.</summary>
internal sealed record RecordReport(bool Ok, string Type, string Contest, long Position, JsonElement Fact);

/// <summary>One element of <c>canvass finality --json</c>: one contest under one policy.</summary>
internal sealed record FinalityReport(
    string Contest, string Policy, string Expression, DateTimeOffset At, bool Final,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? Since,
    IReadOnlyList<string> Reasons, IReadOnlyList<long> Positions, IReadOnlyList<FlipReport>? Flips);

/// <summary>One flip in <c>canvass finality --flips --json</c>.</summary>
internal sealed record FlipReport(bool Final, DateTimeOffset At, long Position, IReadOnlyList<string> Reasons);

/// <summary>What <c>canvass deadlines --json</c> prints for one contest; <c>logged</c> names those of its jurisdictions whose
/// rules were set in the log (<c>rules set --jurisdiction</c>) rather than shipped.</summary>
internal sealed record DeadlinesReport(
    string Contest, IReadOnlyList<string> Jurisdictions, IReadOnlyList<string> Logged, IReadOnlyList<DeadlineReport> Deadlines, RecountReport? Recount);

/// <summary>One deadline.</summary>
internal sealed record DeadlineReport(string Name, string? Date, DateTimeOffset? Ends, string Jurisdiction, string Citation, bool Verify);

/// <summary>The recount rule applied to the certified tally.</summary>
internal sealed record RecountReport(
    bool Automatic, string Metric, decimal? Threshold, string Leader, string RunnerUp, long Margin, long Total, decimal Measured, bool WithinThreshold, bool Triggered, string Citation, string Summary);

/// <summary>What <c>canvass record certify --print-hash --json</c> prints: the hash the officials sign and the text hashed.</summary>
internal sealed record TallyHashReport(string Contest, string TallyHash, string Text);
