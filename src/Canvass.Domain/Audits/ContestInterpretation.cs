using System.Collections.Immutable;

namespace Canvass.Domain.Audits;

/// <summary>An audit board's reading of one contest on one ballot.</summary>
/// <param name="Contest">The contest id.</param>
/// <param name="Interpretation">One of <see cref="Interpretations"/>.</param>
/// <param name="Choices">The selections marked (ids), for <see cref="Interpretations.Vote"/>.</param>
/// <param name="Overvote">True when more selections are marked than allowed: no vote counts.</param>
public sealed record ContestInterpretation(string Contest, string Interpretation, ImmutableArray<string> Choices, bool Overvote);
