using System.Text.Json;
using System.Text.Json.Serialization;

namespace Canvass.Domain.Jurisdictions;

// The shape of a rules file; RulesBook checks it and turns it into JurisdictionRules with every problem listed.
#pragma warning disable CA1812 // Instantiated by the source-generated serializer.
internal sealed record RulesFileJson(
    string? Id, string? Name, string? OcdId, string? TimeZone,
    List<HolidayJson>? Holidays, List<DeadlineJson>? Deadlines, List<BodyJson>? CertifyingBodies, List<RecountJson>? Recounts,
    DeadlineJson? ContestWindow, List<string>? DecisionDesks, int? TotalElectors, Dictionary<string, string>? Policies, string? Notes);

internal sealed record HolidayJson(DateOnly Date, string? Name);

internal sealed record DateRuleJson(
    string? From, int Days, bool Business, int? Month, int? Day, DayOfWeek? Weekday, int? AfterNth, DayOfWeek? AfterWeekday, int YearOffset);

internal sealed record DeadlineJson(
    string? Name, DateRuleJson? Rule, string? Citation, DateOnly? EffectiveFrom, DateOnly? EffectiveUntil, bool Verify, List<string?>? AppliesTo);

internal sealed record OfficialJson(string? Id, string? Name, string? PublicKey);

internal sealed record BodyJson(string? Id, string? Name, string? Level, int Required, List<OfficialJson>? Officials, string? Citation);

internal sealed record RecountJson(
    bool Automatic, RecountMetric? Metric, decimal? Threshold, bool RequiresCertification, DateRuleJson? Window,
    string? RequestedBy, string? Payer, string? Method, string? Citation, DateOnly? EffectiveFrom, DateOnly? EffectiveUntil, bool Verify);
#pragma warning restore CA1812

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    Converters = [typeof(RecountMetricConverter), typeof(WeekdayConverter)])]
[JsonSerializable(typeof(RulesFileJson))]
internal sealed partial class RulesJsonContext : JsonSerializerContext;

internal sealed class RecountMetricConverter() : JsonStringEnumConverter<RecountMetric>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);

internal sealed class WeekdayConverter() : JsonStringEnumConverter<DayOfWeek>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);
