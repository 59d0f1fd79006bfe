using System.Text.Json;

namespace Canvass.Cli.Common;

/// <summary>How <c>--json</c> output spells an enum value held in a string: kebab-case (<c>ballot-measure</c>, <c>n-of-m</c>,
/// <c>percent-of-total</c>), as the NIST names, the stored events and the rules files spell them, never the C# name.</summary>
internal static class JsonNames
{
    public static string Of<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
