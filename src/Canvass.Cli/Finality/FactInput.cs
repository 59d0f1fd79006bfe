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
            // The day's last tick, not the next day's first tick less one: 9999-12-31 has no next day.
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero);
        }

        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        if (hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return at;
        }

        problems.Add(new Problem(ProblemCodes.BadValue, OutsideTheCalendar(text) ? OutsideMessage(text)
            : $"'{text}' is not a time with an offset, such as 2020-11-07T11:25:00-05:00 or 2020-11-07T16:25:00Z{(dateMeansEndOfDay ? ", or a date (the end of that day, UTC)" : "")}.",
            null, null, option));
        return null;
    }

    /// <summary>True when <paramref name="text"/> is a well-formed local time with an offset that puts it before
    /// 0001-01-01T00:00:00Z or after 9999-12-31T23:59:59Z (<c>0001-01-01T00:00:00+05:00</c>), which no
    /// <see cref="DateTimeOffset"/> can hold.</summary>
    public static bool OutsideTheCalendar(string text)
    {
        if (text.Length <= 6 || text[^6] is not ('+' or '-') || text[^3] != ':'
            || !TimeSpan.TryParseExact(text[^5..], @"hh\:mm", CultureInfo.InvariantCulture, out var offset) || offset > TimeSpan.FromHours(14))
        {
            return false;
        }

        // The local time and the offset are each fine, so what DateTimeOffset refused is the instant they make.
        return DateTime.TryParse(text[..^6], CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }

    /// <summary>The message for a time <see cref="OutsideTheCalendar"/>.</summary>
    public static string OutsideMessage(string text) =>
        $"'{text}' is outside the times Canvass can hold: from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.";

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
        // A folder read as "access denied", which sent the user to the file's permissions.
        if (Canvass.Cli.Common.InputFile.Check(path) is { } unreadable)
        {
            problems.Add(unreadable with { Path = option });
            return null;
        }

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
