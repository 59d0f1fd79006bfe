using System.Collections.Immutable;

namespace Canvass.Domain.Electoral;

/// <summary>The popular-vote outcome of one electoral unit: the input to the allocation.</summary>
/// <param name="State">The state's USPS code.</param>
/// <param name="Unit">The unit's id (<see cref="ElectoralUnitRule.AtLarge"/>, <c>CD-2</c>, …).</param>
/// <param name="Status">Where the count stands.</param>
/// <param name="Winner">The winning candidate (a national candidate key, such as a candidate id) when
/// <paramref name="Status"/> is <see cref="ElectoralUnitStatus.Won"/>; the winning selection's key when it is
/// <see cref="ElectoralUnitStatus.NotATicket"/>.</param>
/// <param name="Tied">The candidates tied for first place when <paramref name="Status"/> is
/// <see cref="ElectoralUnitStatus.Tied"/>; otherwise empty.</param>
/// <param name="Contest">The contest the outcome was read from, when there is one.</param>
/// <threadsafety>Immutable.</threadsafety>
public sealed record ElectoralUnitOutcome(
    string State,
    string Unit,
    ElectoralUnitStatus Status,
    string? Winner,
    ImmutableArray<string> Tied,
    string? Contest = null)
{
    /// <summary>A unit won by <paramref name="winner"/>.</summary>
    public static ElectoralUnitOutcome Won(string state, string unit, string winner, string? contest = null) =>
        new(state, unit, ElectoralUnitStatus.Won, winner, [], contest);
}
