using Canvass.Domain.Ballots;

namespace Canvass.Formats.Cvr;

/// <summary>One ballot read from a CVR file.</summary>
/// <param name="Ballot">The resolved ballot.</param>
/// <param name="Line">Where it came from: the CSV line, the XML line of the <c>CVR</c> element, or the 1-based ordinal of
/// the element in the JSON <c>CVR</c> array.</param>
public readonly record struct CvrRecord(CastVoteRecord Ballot, long Line);
