using System.Globalization;

namespace Canvass.Domain.Results;

/// <summary>Whole counts as files give them and the log records them: 0 to <see cref="Max"/>.</summary>
public static class CountText
{
    /// <summary>The largest count the log records: 2^53 − 1, the largest integer a JSON number carries exactly (RFC 8785,
    /// I-JSON). No election comes near it; a larger number in a file is a mistake, reported as such.</summary>
    public const long Max = 9_007_199_254_740_991;

    /// <summary>Reads a count written as decimal digits only (no sign, spaces, separators or exponent).</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The count, when the result is null.</param>
    /// <returns>Null for a count; otherwise why it is not one, to follow the quoted text in a problem.</returns>
    public static string? TryParse(ReadOnlySpan<char> text, out long value)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return value <= Max ? null : TooLarge;
        }

        return !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9') ? TooLarge : "is not a whole, non-negative number";
    }

    /// <summary>Why a count above <see cref="Max"/> is refused.</summary>
    public const string TooLarge = "is larger than 9007199254740991 (2^53 - 1), the largest count Canvass records exactly";
}
