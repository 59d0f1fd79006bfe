using System.Collections.Immutable;
using System.Globalization;
using Canvass.Domain.Facts;
using Canvass.Domain.Results;
using Canvass.Domain;

namespace Canvass.Cli.Finality;

/// <summary>Parses the values of <c>canvass record</c> and <c>canvass finality</c> options into domain values, with a
/// problem naming the option for each bad one.</summary>
internal static class FactInput
{
    /// <summary>An instant with an explicit offset (<c>2020-11-07T11:25:00-05:00</c>, <c>…Z</c>). With
    /// <paramref name="dateMeansEndOfDay"/>, a bare date means the end of that day in UTC.</summary>
    public static DateTimeOffset? Time(string? text, string option, bool dateMeansEndOfDay, List<Problem> problems)
    {
        if (text is null)
        {
            return null;
        }

        if (dateMeansEndOfDay && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddTicks(-1);
        }

        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        if (hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return at;
        }

        problems.Add(new Problem(ProblemCodes.BadValue,
            $"'{text}' is not a time with an offset, such as 2020-11-07T11:25:00-05:00 or 2020-11-07T16:25:00Z{(dateMeansEndOfDay ? ", or a date (the end of that day, UTC)" : "")}.",
            null, null, option));
        return null;
    }

    /// <summary>Counts given as <c>id=votes</c>.</summary>
    public static ImmutableArray<NamedCount> Counts(string[]? values, string option, List<Problem> problems)
    {
        var list = ImmutableArray.CreateBuilder<NamedCount>();
        foreach (var v in values ?? [])
        {
            var eq = v.IndexOf('=', StringComparison.Ordinal);
            long n = 0;
            if (eq <= 0 || CountText.TryParse(v.AsSpan(eq + 1), out n) is not null)
            {
                problems.Add(new Problem(ProblemCodes.BadCount, $"'{v}' is not ID=VOTES with a whole number of votes (at most {CountText.Max}).", null, null, option));
                continue;
            }

            list.Add(new NamedCount(v[..eq], n));
        }

        return list.ToImmutable();
    }

    /// <summary>Pairs given as <c>official=value</c>.</summary>
    public static List<(string Official, string Value)> Pairs(string[]? values, string option, List<Problem> problems)
    {
        var list = new List<(string, string)>();
        foreach (var v in values ?? [])
        {
            var eq = v.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == v.Length - 1)
            {
                problems.Add(new Problem(ProblemCodes.BadValue, $"'{v}' is not OFFICIAL=VALUE.", null, null, option));
                continue;
            }

            list.Add((v[..eq], v[(eq + 1)..]));
        }

        return list;
    }

    /// <summary>An official's 32-byte Ed25519 seed from a key file: 64 hex digits or base64, on one line.</summary>
    public static byte[]? Seed(string path, string option, List<Problem> problems)
    {
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new Problem(ProblemCodes.Unreadable, "The key file cannot be read: " + e.Message, path, null, option));
            return null;
        }

        try
        {
            var bytes = text.Length == 64 && text.All(char.IsAsciiHexDigit) ? Convert.FromHexString(text) : Convert.FromBase64String(text);
            if (bytes.Length == 32)
            {
                return bytes;
            }
        }
        catch (FormatException)
        {
        }

        problems.Add(new Problem(ProblemCodes.BadValue, "A key file holds a 32-byte Ed25519 seed as 64 hex digits or base64.", path, null, option));
        return null;
    }
}
