using Canvass.Domain.Ballots;

namespace Canvass.Formats.Cvr;

/// <summary>One ballot read from a CVR file.</summary>
/// <param name="Ballot">The resolved ballot.</param>
/// <param name="Line">Where it came from: the CSV line, or the line the XML or JSON <c>CVR</c> element begins on.</param>
public readonly record struct CvrRecord(CastVoteRecord Ballot, long Line);
