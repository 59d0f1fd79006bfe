using System.Globalization;

namespace Canvass.Audit;

/// <summary>
/// One sample-size option for a ballot-polling round, as Arlo shows it to officials (<c>SampleSizeOption</c>).
/// </summary>
/// <param name="Key">Arlo's key: <c>"asn"</c>, <c>"0.7"</c>, <c>"0.8"</c>, <c>"0.9"</c> or <c>"all-ballots"</c>.</param>
/// <param name="Type">Arlo's type: <c>"ASN"</c>, <c>"all-ballots"</c>, or null for a quantile option.</param>
/// <param name="Size">Ballots to draw in this round (round 2 on: additional draws).</param>
/// <param name="Probability">The chance that a round of this size finishes the audit if the reported outcome is
/// right (the quantile itself for 0.7/0.8/0.9; estimated for ASN); null when Arlo shows none.</param>
public sealed record PollingSampleSizeOption(string Key, string? Type, long Size, double? Probability)
{
    /// <summary>The chances of finishing in one round that Arlo offers sizes for (its keys "0.7", "0.8", "0.9").</summary>
    internal static readonly double[] Quantiles = [0.7, 0.8, 0.9];

    /// <summary>The option for a size with chance <paramref name="quantile"/> of finishing, keyed as Python's <c>str(float)</c>.</summary>
    internal static PollingSampleSizeOption Quantile(double quantile, long size) =>
        new(quantile.ToString(CultureInfo.InvariantCulture), null, size, quantile);
}
