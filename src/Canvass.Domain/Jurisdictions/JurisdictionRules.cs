using System.Collections.Immutable;

namespace Canvass.Domain.Jurisdictions;

/// <summary>One jurisdiction's rules for the path to finality, as data with citations (<c>rules/*.json</c>): its
/// deadlines, certifying bodies, recount rules, contest window, business-day calendar and any policy it defines
/// differently. Canvass holds no state's numbers in code.</summary>
/// <param name="Id">A short id (<c>GA</c>, <c>US</c>).</param>
/// <param name="Name">The jurisdiction's name.</param>
/// <param name="OcdId">Its Open Civic Data division id; a contest is governed by the rules whose OCD-ID is its district's
/// or the nearest enclosing one.</param>
/// <param name="TimeZone">The IANA time zone its dates are in (a deadline ends at midnight there).</param>
/// <param name="Holidays">Days that are not business days.</param>
/// <param name="Deadlines">Its deadlines (each may apply to some contests only, <see cref="For"/>).</param>
/// <param name="CertifyingBodies">Who certifies, at which level, with how many signatures.</param>
/// <param name="Recounts">Its recount rules (the one that applies is chosen by the election day).</param>
/// <param name="ContestWindow">When the window to file an election contest closes, counted from <c>certification</c>;
/// null when the rules do not say (the window is then never known to be closed).</param>
/// <param name="DecisionDesks">The media decision desks whose calls <c>media-call</c> counts; empty to inherit.</param>
/// <param name="TotalElectors">For a national presidential contest: the number of electors (538).</param>
/// <param name="Policies">Built-in policies this jurisdiction defines differently, by name (for the presidency,
/// <c>legally-final</c> rests on the electors' votes).</param>
/// <param name="File">The rules file it was read from.</param>
public sealed record JurisdictionRules(
    string Id,
    string Name,
    string OcdId,
    string TimeZone,
    ImmutableArray<Holiday> Holidays,
    ImmutableArray<DeadlineRule> Deadlines,
    ImmutableArray<CertifyingBody> CertifyingBodies,
    ImmutableArray<RecountRule> Recounts,
    DeadlineRule? ContestWindow,
    ImmutableArray<string> DecisionDesks,
    int? TotalElectors,
    ImmutableDictionary<string, string> Policies,
    string File)
{
    /// <summary>The holiday dates.</summary>
    public IReadOnlyCollection<DateOnly> HolidayDates => [.. Holidays.Select(h => h.Date)];

    /// <summary>True when these rules were set in the log (<c>canvass rules set --jurisdiction</c>) rather than shipped
    /// under <c>rules/</c>: their <see cref="File"/> is <c>log:</c> and the logged file's name.</summary>
    public bool Logged => File.StartsWith(RulesBook.LogFilePrefix, StringComparison.Ordinal);

    /// <summary>These rules as they govern a contest of <paramref name="contest"/>'s scope: only the deadlines, and the
    /// contest window, that apply to it (<see cref="DeadlineRule.AppliesTo(ContestScope)"/>); this instance when every
    /// one does.</summary>
    public JurisdictionRules For(ContestScope contest)
    {
        var windowApplies = ContestWindow is null || ContestWindow.AppliesTo(contest);
        return windowApplies && Deadlines.All(d => d.AppliesTo(contest))
            ? this
            : this with { Deadlines = [.. Deadlines.Where(d => d.AppliesTo(contest))], ContestWindow = windowApplies ? ContestWindow : null };
    }

    /// <summary>The recount rule for an election held on <paramref name="electionDay"/>, if any.</summary>
    public RecountRule? RecountFor(DateOnly electionDay) =>
        Recounts.Where(r => r.AppliesTo(electionDay)).OrderByDescending(r => r.EffectiveFrom ?? DateOnly.MinValue).FirstOrDefault();

    /// <summary>The moment a day ends in this jurisdiction: midnight at the start of the next day, local time.</summary>
    public DateTimeOffset EndOf(DateOnly day)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        var local = day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>The day an instant falls on in this jurisdiction.</summary>
    public DateOnly DayOf(DateTimeOffset at) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(TimeZone)).DateTime);
}
