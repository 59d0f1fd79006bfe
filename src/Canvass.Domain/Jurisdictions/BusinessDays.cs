namespace Canvass.Domain.Jurisdictions;

/// <summary>Business-day arithmetic: Saturdays, Sundays and the jurisdiction's holidays are not business days.</summary>
public static class BusinessDays
{
    /// <summary>True when <paramref name="day"/> is a business day.</summary>
    public static bool IsBusinessDay(DateOnly day, IReadOnlyCollection<DateOnly> holidays) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.Contains(day);

    /// <summary>The <paramref name="days"/>th business day after <paramref name="start"/> (before it when negative); 0 gives
    /// <paramref name="start"/> itself.</summary>
    public static DateOnly Add(DateOnly start, int days, IReadOnlyCollection<DateOnly> holidays)
    {
        var step = Math.Sign(days);
        var day = start;
        for (var left = Math.Abs(days); left > 0;)
        {
            day = day.AddDays(step);
            if (IsBusinessDay(day, holidays))
            {
                left--;
            }
        }

        return day;
    }
}
