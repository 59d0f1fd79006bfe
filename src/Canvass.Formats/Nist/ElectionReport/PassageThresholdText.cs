using System.Globalization;
using Canvass.Domain.Elections;

namespace Canvass.Formats.Nist.ElectionReport;

/// <summary>Best-effort parsing of NIST <c>PassageThreshold</c> text ("2/3", "two-thirds", "60%", "at least 3/5",
/// "more than 1/2", "majority").</summary>
internal static class PassageThresholdText
{
    private static readonly (string Word, int Numerator, int Denominator)[] Words =
    [
        ("one-half", 1, 2), ("one half", 1, 2), ("half", 1, 2),
        ("two-thirds", 2, 3), ("two thirds", 2, 3),
        ("three-fifths", 3, 5), ("three fifths", 3, 5),
        ("three-fourths", 3, 4), ("three fourths", 3, 4), ("three-quarters", 3, 4), ("three quarters", 3, 4),
        ("four-fifths", 4, 5), ("four fifths", 4, 5),
        ("two-fifths", 2, 5), ("two fifths", 2, 5),
    ];

    public static bool TryParse(string text, out PassageThreshold? threshold)
    {
        threshold = null;
        var s = text.Trim().ToLowerInvariant();
        if (s.Length == 0)
        {
            return false;
        }

        bool? inclusive = null;
        foreach (var (prefix, incl) in new[] { ("at least ", true), ("more than ", false), ("greater than ", false), ("over ", false) })
        {
            if (s.StartsWith(prefix, StringComparison.Ordinal))
            {
                inclusive = incl;
                s = s[prefix.Length..].Trim();
                break;
            }
        }

        if (s is "majority" or "simple majority" or "a majority" or "50%+1" or "50% + 1" or "50%+1 vote")
        {
            threshold = PassageThreshold.SimpleMajority;
            return true;
        }

        if (s.EndsWith(" majority", StringComparison.Ordinal))
        {
            s = s[..^" majority".Length].Trim();
        }

        if (s.EndsWith(" of the votes cast", StringComparison.Ordinal))
        {
            s = s[..^" of the votes cast".Length].Trim();
        }

        int num;
        int den;
        var slash = s.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0
            && int.TryParse(s.AsSpan(0, slash).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out num)
            && int.TryParse(s.AsSpan(slash + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out den))
        {
            // parsed a fraction
        }
        else if (s.EndsWith('%')
            && decimal.TryParse(s.AsSpan(0, s.Length - 1).Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var pct)
            && pct > 0 && pct < 100 && decimal.Round(pct * 100) == pct * 100)
        {
            num = (int)(pct * 100);
            den = 10000;
        }
        else
        {
            num = 0;
            den = 0;
            foreach (var (word, n, d) in Words)
            {
                if (string.Equals(s, word, StringComparison.Ordinal))
                {
                    num = n;
                    den = d;
                    break;
                }
            }
        }

        if (num < 1 || den <= num)
        {
            return false;
        }

        var g = Gcd(num, den);
        num /= g;
        den /= g;

        // A bare "1/2" or "50%" means a simple majority (more than half); any other bare share is "at least".
        var isHalf = (long)num * 2 == den;
        threshold = new PassageThreshold(num, den, inclusive ?? !isHalf);
        return true;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
