using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Canvass.Storage;

namespace Canvass.Cli.Verification;

/// <summary>Verifies a bundle published on the web (the same files as <c>canvass export bundle</c>, served under one
/// URL): nothing the server says is trusted, exactly as with a bundle on disk.</summary>
internal sealed class HttpLogSource(HttpClient http, Uri baseUri) : ILogSource
{
    public string Description => baseUri.ToString();

    public async Task<LogIdentity?> GetIdentityAsync(CancellationToken ct)
    {
        var vkey = await GetTextAsync(BundleLogSource.KeyFile, ct);
        return vkey is null ? null : new LogIdentity(vkey.Trim().Split('+')[0], vkey.Trim());
    }

    public IAsyncEnumerable<string> ReadCheckpointsAsync(CancellationToken ct) => AsyncEnumerable.Empty<string>();

    public Task<string?> GetCheckpointAsync(CancellationToken ct) => GetTextAsync(BundleLogSource.CheckpointFile, ct);

    public async IAsyncEnumerable<LogEntry> ReadEntriesAsync([EnumeratorCancellation] CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri(baseUri, BundleLogSource.EntriesFile), HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            yield break;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await foreach (var entry in EntryLines.ParseAsync(reader, ct))
        {
            yield return entry;
        }
    }

    public IAsyncEnumerable<byte[]>? ReadCvrRecordsAsync(string importId, CancellationToken ct) =>
        ReadLinesAsync(BundleLogSource.CvrDirectory + "/" + Uri.EscapeDataString(importId) + ".jsonl", ct);

    public Task<byte[]?> GetPersistedRootAsync(long size, CancellationToken ct) => Task.FromResult<byte[]?>(null);

    private async Task<string?> GetTextAsync(string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri(baseUri, path), ct);
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync(ct) : null;
    }

    private async IAsyncEnumerable<byte[]> ReadLinesAsync(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri(baseUri, path), HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidDataException($"{new Uri(baseUri, path)}: HTTP {(int)response.StatusCode}");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length > 0)
            {
                yield return Encoding.UTF8.GetBytes(line);
            }
        }
    }
}
