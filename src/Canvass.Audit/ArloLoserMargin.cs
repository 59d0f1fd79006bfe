namespace Canvass.Audit;

/// <summary>One loser's row of Arlo's margins table.</summary>
/// <param name="PL">Votes / ballots (<c>p_l</c>).</param>
/// <param name="SL">Votes / valid votes (<c>s_l</c>).</param>
public sealed record ArloLoserMargin(double PL, double SL);
