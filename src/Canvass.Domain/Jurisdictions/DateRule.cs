namespace Canvass.Domain.Jurisdictions;

/// <summary>How a deadline's date is found, as written in a rules file. One of three shapes:
/// <list type="bullet">
/// <item>relative: <see cref="Days"/> (calendar or <see cref="Business"/> days) after the day of <see cref="From"/>
/// (<c>election-day</c>, <c>certification</c>, or another deadline's name);</item>
/// <item>a weekday: the first <see cref="Weekday"/> after the <see cref="AfterNth"/>th <see cref="AfterWeekday"/> of
/// <see cref="Month"/> in the election's year (the electors' meeting, 3 U.S.C. §7);</item>
/// <item>fixed: <see cref="Month"/> and <see cref="Day"/> of the election's year plus <see cref="YearOffset"/>.</item>
/// </list></summary>
/// <param name="From">The anchor of a relative rule.</param>
/// <param name="Days">Days after the anchor (negative: before).</param>
/// <param name="Business">True to count business days (no weekends, no holidays of the jurisdiction).</param>
/// <param name="Month">The month of a weekday or fixed rule.</param>
/// <param name="Day">The day of a fixed rule.</param>
/// <param name="Weekday">The weekday of a weekday rule.</param>
/// <param name="AfterNth">Which occurrence of <see cref="AfterWeekday"/> the weekday follows.</param>
/// <param name="AfterWeekday">The weekday counted by <see cref="AfterNth"/>.</param>
/// <param name="YearOffset">Years after the election's year (1 for January's count).</param>
public sealed record DateRule(
    string? From = null,
    int Days = 0,
    bool Business = false,
    int? Month = null,
    int? Day = null,
    DayOfWeek? Weekday = null,
    int? AfterNth = null,
    DayOfWeek? AfterWeekday = null,
    int YearOffset = 0)
{
    /// <summary>The date this rule gives, or null when its anchor has not happened (no certification yet).</summary>
    /// <param name="electionDay">The election day.</param>
    /// <param name="anchor">The date of a named anchor (<c>certification</c>, another deadline), or null when unknown.</param>
    /// <param name="holidays">The jurisdiction's holidays, for business days.</param>
    public DateOnly? Resolve(DateOnly electionDay, Func<string, DateOnly?> anchor, IReadOnlyCollection<DateOnly> holidays)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        if (From is not null)
        {
            var start = string.Equals(From, "election-day", StringComparison.Ordinal) ? electionDay : anchor(From);
            return start is { } s ? (Business ? BusinessDays.Add(s, Days, holidays) : s.AddDays(Days)) : null;
        }

        var year = electionDay.Year + YearOffset;
        if (Month is { } month && Weekday is { } weekday && AfterNth is { } nth && AfterWeekday is { } after)
        {
            var first = new DateOnly(year, month, 1);
            var nthAfter = first.AddDays(((int)after - (int)first.DayOfWeek + 7) % 7 + 7 * (nth - 1));
            var next = nthAfter.AddDays(1);
            return next.AddDays(((int)weekday - (int)next.DayOfWeek + 7) % 7);
        }

        return Month is { } m && Day is { } d ? new DateOnly(year, m, d) : null;
    }
}
