using System.Runtime.CompilerServices;
using Canvass.Storage;

namespace Canvass.Cli.Verification;

/// <summary>Reads a bundle's <c>log/entries.b64</c>, wherever it comes from: one entry per line in standard base64.
/// Positions are implied by the order, so a missing line shows as a wrong entry at that position.</summary>
internal static class EntryLines
{
    public static async IAsyncEnumerable<LogEntry> ParseAsync(TextReader reader, [EnumeratorCancellation] CancellationToken ct)
    {
        long index = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            byte[]? leaf = null;
            string? error = null;
            try
            {
                leaf = Convert.FromBase64String(line);
            }
            catch (FormatException)
            {
                error = "not base64";
            }

            yield return new LogEntry(index, index + 1, leaf, error);
            index++;
        }
    }
}
