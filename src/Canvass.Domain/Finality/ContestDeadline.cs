namespace Canvass.Domain.Finality;

/// <summary>A deadline computed for a contest from its jurisdictions' rules.</summary>
/// <param name="Name">The deadline (<c>state-certification</c>, <c>contest-window</c>, <c>recount-request</c>, …).</param>
/// <param name="Date">The last day, or null when it counts from something that has not happened (no certification yet).</param>
/// <param name="Ends">The moment it passes: midnight at the end of <paramref name="Date"/> in the jurisdiction's time zone.</param>
/// <param name="Jurisdiction">The rules it comes from.</param>
/// <param name="Citation">The statute.</param>
/// <param name="Verify">True when the rule is marked to be checked against the statute.</param>
public sealed record ContestDeadline(string Name, DateOnly? Date, DateTimeOffset? Ends, string Jurisdiction, string Citation, bool Verify);
