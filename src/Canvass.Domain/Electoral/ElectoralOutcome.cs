using System.Collections.Immutable;

namespace Canvass.Domain.Electoral;

/// <summary>The outcome of a national tally of electoral votes.</summary>
/// <param name="Kind">Elected, contingent election required, or undetermined.</param>
/// <param name="Winner">The candidate with a majority, when <paramref name="Kind"/> is <see cref="ElectoralOutcomeKind.Elected"/>.</param>
/// <param name="Majority">The electoral votes needed (270 of 538).</param>
/// <param name="HouseCandidates">When a contingent election is required: the candidates the House chooses the President
/// from, one vote per state delegation (the highest numbers, not exceeding three; a tie at the last place includes
/// every tied candidate, since the Amendment does not say which to drop and Congress must decide).</param>
/// <param name="StatesNeeded">The state delegations needed in the House (26 of 50).</param>
/// <param name="SenateCandidates">When a contingent election is required: the candidates the Senate chooses the Vice
/// President from (the two highest numbers of vice-presidential electoral votes, ties included the same way).</param>
/// <threadsafety>Immutable.</threadsafety>
public sealed record ElectoralOutcome(
    ElectoralOutcomeKind Kind,
    string? Winner,
    int Majority,
    ImmutableArray<string> HouseCandidates,
    int StatesNeeded,
    ImmutableArray<string> SenateCandidates);
