using System.Diagnostics.CodeAnalysis;

namespace Canvass.Domain.Elections;

/// <summary>Conversions between <see cref="CountItemType"/> and the NIST kebab-case names.</summary>
public static class CountItemTypes
{
    private static readonly string[] Names =
    [
        "total", "election-day", "early", "absentee-mail", "absentee-in-person", "absentee",
        "absentee-fwab", "provisional", "uocava", "write-in", "seats", "other",
    ];

    /// <summary>All values, in enum order.</summary>
    public static IReadOnlyList<CountItemType> All { get; } = Enum.GetValues<CountItemType>();

    /// <summary>The NIST name, for example <c>absentee-mail</c>.</summary>
    public static string ToNistName(this CountItemType type) => Names[(int)type];

    /// <summary>Parses a NIST name (exact, lower case).</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out CountItemType? type)
    {
        var i = name is null ? -1 : Array.IndexOf(Names, name);
        type = i < 0 ? null : (CountItemType)i;
        return type is not null;
    }
}
