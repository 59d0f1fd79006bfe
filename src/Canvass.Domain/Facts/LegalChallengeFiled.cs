using System.Collections.Immutable;

namespace Canvass.Domain.Facts;

/// <summary>An election contest or other litigation that could change the result was filed. The challenge is pending
/// until it is closed.</summary>
/// <param name="Contest">The contest.</param>
/// <param name="Court">The court.</param>
/// <param name="CaseNumber">The docket number; identifies the challenge in later facts.</param>
/// <param name="Petitioner">Who filed it.</param>
/// <param name="Claims">What is claimed, one line per claim.</param>
/// <param name="Source">Who reports it.</param>
/// <param name="At">When it was filed.</param>
/// <param name="Evidence">A link to the filing.</param>
[Events.EventType("legal-challenge-filed.v1")]
public sealed record LegalChallengeFiled(
    string Contest, string Court, string CaseNumber, string Petitioner, ImmutableArray<string> Claims, string Source, DateTimeOffset At, string? Evidence) : IContestFact;
