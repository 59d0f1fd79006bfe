using System.Security.Cryptography;

namespace Canvass.Cli.Imports;

/// <summary>SHA-256 of a file, streamed. Identifies an import: the same bytes are never imported twice.</summary>
internal static class FileDigest
{
    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return Convert.ToHexStringLower(hash);
    }
}
