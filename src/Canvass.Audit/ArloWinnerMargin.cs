namespace Canvass.Audit;

/// <summary>One winner's row of Arlo's margins table.</summary>
/// <param name="PW">Votes / ballots (<c>p_w</c>).</param>
/// <param name="SW">Votes / valid votes (<c>s_w</c>).</param>
/// <param name="Swl">Loser → <c>s_w / (s_w + s_l)</c>, the winner's share of the two-candidate vote.</param>
public sealed record ArloWinnerMargin(double PW, double SW, IReadOnlyDictionary<string, double> Swl);
