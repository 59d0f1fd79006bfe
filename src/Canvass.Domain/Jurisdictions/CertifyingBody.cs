using System.Collections.Immutable;

namespace Canvass.Domain.Jurisdictions;

/// <summary>A body that certifies results at a level (a state board of canvassers, a Secretary of State), its officials
/// and how many of them must sign (k of n).</summary>
/// <param name="Id">The body's id; a certification names it.</param>
/// <param name="Name">Its name.</param>
/// <param name="Level">The level it certifies: <c>county</c>, <c>state</c> or <c>national</c>.</param>
/// <param name="Required">How many distinct officials must sign (k).</param>
/// <param name="Officials">Who may sign (n).</param>
/// <param name="Citation">The statute.</param>
public sealed record CertifyingBody(string Id, string Name, string Level, int Required, ImmutableArray<CertifyingOfficial> Officials, string Citation);
