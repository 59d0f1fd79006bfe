using System.Globalization;

namespace Canvass.Cli.Finality;

/// <summary>How finality output writes times: ISO 8601 to the minute, with the offset the fact was recorded in.</summary>
internal static class FinalityText
{
    public static string When(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);
}
