using System.Runtime.CompilerServices;
using System.Text;
using Canvass.Storage;

namespace Canvass.Cli.Verification;

/// <summary>Verifies an exported bundle (<c>canvass export bundle</c>): plain files an observer can also check with any
/// RFC 9162 implementation.</summary>
internal sealed class BundleLogSource(string directory) : ILogSource
{
    public const string EntriesFile = "log/entries.b64";
    public const string CheckpointFile = "log/checkpoint";
    public const string KeyFile = "log/verifier.vkey";
    public const string CvrDirectory = "cvrs";

    public string Description => directory;

    public async Task<LogIdentity?> GetIdentityAsync(CancellationToken ct)
    {
        var keyPath = Path.Combine(directory, KeyFile);
        if (!File.Exists(keyPath))
        {
            return null;
        }

        var vkey = (await File.ReadAllTextAsync(keyPath, ct)).Trim();
        var name = vkey.Split('+')[0];
        return new LogIdentity(name, vkey);
    }

    public IAsyncEnumerable<string> ReadCheckpointsAsync(CancellationToken ct) => AsyncEnumerable.Empty<string>();

    public async Task<string?> GetCheckpointAsync(CancellationToken ct)
    {
        var path = Path.Combine(directory, CheckpointFile);
        return File.Exists(path) ? await File.ReadAllTextAsync(path, Encoding.UTF8, ct) : null;
    }

    public async IAsyncEnumerable<LogEntry> ReadEntriesAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var path = Path.Combine(directory, EntriesFile);
        if (!File.Exists(path))
        {
            yield break;
        }

        using var reader = new StreamReader(path, Encoding.UTF8);
        await foreach (var entry in EntryLines.ParseAsync(reader, ct))
        {
            yield return entry;
        }
    }

    public IAsyncEnumerable<byte[]>? ReadCvrRecordsAsync(string importId, CancellationToken ct)
    {
        var path = Path.Combine(directory, CvrDirectory, importId + ".jsonl");
        return File.Exists(path) ? ReadLines(path, ct) : null;
    }

    public Task<byte[]?> GetPersistedRootAsync(long size, CancellationToken ct) => Task.FromResult<byte[]?>(null);

    private static async IAsyncEnumerable<byte[]> ReadLines(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var line in File.ReadLinesAsync(path, Encoding.UTF8, ct))
        {
            if (line.Length > 0)
            {
                yield return Encoding.UTF8.GetBytes(line);
            }
        }
    }
}
