using System.Collections.Immutable;

namespace Canvass.Domain.Electoral;

/// <summary>What happens when no candidate has a majority of the electors appointed (12th Amendment).</summary>
/// <param name="PresidentialFinalists">The House chooses the President from the candidates with the highest numbers of
/// electoral votes, "not exceeding three".</param>
/// <param name="VotingStates">The state delegations that vote in the House, one vote each (50: the District of Columbia
/// has electors but no delegation).</param>
/// <param name="VicePresidentialFinalists">The Senate chooses the Vice President from the two highest numbers.</param>
/// <param name="Citations">Where the rule comes from.</param>
/// <threadsafety>Immutable.</threadsafety>
public sealed record ContingentElectionRule(
    int PresidentialFinalists,
    int VotingStates,
    int VicePresidentialFinalists,
    ImmutableArray<string> Citations)
{
    /// <summary>The state delegations a candidate needs in the House: a majority of all the states (26 of 50).</summary>
    public int StatesNeeded => (VotingStates / 2) + 1;
}
