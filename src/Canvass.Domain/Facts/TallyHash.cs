using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Canvass.Domain.Facts;

/// <summary>The hash of a tally that certifying officials sign: SHA-256 over the text
/// <c>canvass-tally.v1\n{contest}\n</c> followed by one line <c>{selection} {votes}\n</c> per selection, in ordinal order
/// of the selection id. Lower-case hex.</summary>
/// <remarks>The text form is documented in <c>docs/finality.md</c> so that anyone can recompute the hash and check a
/// signature without Canvass.</remarks>
public static class TallyHash
{
    /// <summary>The hash of <paramref name="tally"/> for <paramref name="contest"/>.</summary>
    public static string Compute(string contest, IEnumerable<NamedCount> tally) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text(contest, tally))));

    /// <summary>The exact text that is hashed.</summary>
    public static string Text(string contest, IEnumerable<NamedCount> tally)
    {
        var sb = new StringBuilder("canvass-tally.v1\n").Append(contest).Append('\n');
        foreach (var c in tally.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            sb.Append(c.Id).Append(' ').Append(c.Votes.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return sb.ToString();
    }
}
