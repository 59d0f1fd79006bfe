using System.Collections.Immutable;
using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;

namespace Canvass.Cli.Verification;

/// <summary>What <c>canvass audit close-round</c> read beyond the audit's own events, as a verifier holds it: the
/// election (contests and selections by position) and the marks of every sampled ballot's CVR, read back from the
/// committed records and keyed by ballot id, as close-round reads them from the store.</summary>
/// <param name="Index">The election the log defines.</param>
/// <param name="CvrMarks">The committed CVR marks of every sampled ballot that has a CVR.</param>
internal sealed record ClosingInputs(ElectionIndex Index, IReadOnlyDictionary<string, ImmutableArray<ContestMarks>> CvrMarks);
