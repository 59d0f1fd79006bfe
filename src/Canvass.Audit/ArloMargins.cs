namespace Canvass.Audit;

/// <summary>Arlo's margins table for a contest (<c>Contest.margins</c>).</summary>
/// <param name="Winners">Winner → shares, in the contest's winner order.</param>
/// <param name="Losers">Loser → shares, in the contest's loser order.</param>
public sealed record ArloMargins(
    IReadOnlyDictionary<string, ArloWinnerMargin> Winners, IReadOnlyDictionary<string, ArloLoserMargin> Losers);
