using System.Collections.Immutable;

namespace Canvass.Domain.Electoral;

/// <summary>How one state (or the District of Columbia) appoints its electors.</summary>
/// <param name="State">The USPS code, such as <c>ME</c>.</param>
/// <param name="Name">The state's name.</param>
/// <param name="ElectoralVotes">Its electors: its Senators plus Representatives (U.S. Const. art. II, §1); 3 for the
/// District of Columbia (23rd Amendment).</param>
/// <param name="Method">How the electors are allocated.</param>
/// <param name="Counting">How each unit's winner is found.</param>
/// <param name="Units">The electoral units, the at-large unit first; their electoral votes add up to
/// <paramref name="ElectoralVotes"/>. A winner-take-all state has only the at-large unit.</param>
/// <param name="Citations">The state's own law for its method, when it departs from the general ticket.</param>
/// <threadsafety>Immutable.</threadsafety>
public sealed record ElectoralStateRule(
    string State,
    string Name,
    int ElectoralVotes,
    ElectoralMethod Method,
    ElectoralCounting Counting,
    ImmutableArray<ElectoralUnitRule> Units,
    ImmutableArray<string> Citations);
