using System.Buffers;
using System.Security.Cryptography;

namespace Canvass.Cli.Imports;

/// <summary>SHA-256 of a file, streamed. Identifies an import: the same bytes are never imported twice.</summary>
internal static class FileDigest
{
    private const int ChunkBytes = 1 << 20;

    /// <summary>Computes the digest on a thread of its own, reading the file in 1 MB chunks with blocking reads. A CVR
    /// import runs it beside its two busy threads; an asynchronous read loop there hopped from pool thread to pool
    /// thread, waking threads that then spun for more work.</summary>
    public static Task<string> Sha256Async(string path, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(
            () =>
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan);
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
                try
                {
                    int read;
                    while ((read = stream.Read(buffer, 0, ChunkBytes)) > 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        sha.AppendData(buffer, 0, read);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                return Convert.ToHexStringLower(sha.GetHashAndReset());
            },
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
}
