using System.Globalization;

namespace Canvass.Cli.Common;

/// <summary>A count and its noun as people write them: "1 ballot", "3,532 ballots", "2 batch tallies".</summary>
internal static class Quantity
{
    /// <summary>The count with thousands separators (invariant culture), then <paramref name="one"/> for exactly one, else
    /// <paramref name="many"/> (by default <paramref name="one"/> with an s).</summary>
    public static string Of(long count, string one, string? many = null) =>
        count.ToString("N0", CultureInfo.InvariantCulture) + " " + (count == 1 ? one : many ?? one + "s");
}
