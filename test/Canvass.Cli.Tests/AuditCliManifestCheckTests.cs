using Canvass.Domain.Audits;
using Canvass.Domain.Events;
using Canvass.Storage;

namespace Canvass.Cli.Tests;

/// <summary><c>canvass verify</c> holds every manifest of a county with committed CVRs to those CVRs, as
/// <c>canvass import manifest</c> does: each CVR batch listed, with as many ballots as it has CVRs. A manifest that left a
/// batch out would keep its paper out of every sample, so a forged one must fail even though its own Merkle root is
/// right.</summary>
public sealed class AuditCliManifestCheckTests : IDisposable
{
    private readonly Canvass _canvass = new();

    public AuditCliManifestCheckTests()
    {
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        var cvr = _canvass.Run("import", "cvr", _canvass.Write("audit-cvrs.csv", AuditTestElection.Cvrs()));
        Assert.True(cvr.ExitCode == 0, cvr.ToString());
    }

    public void Dispose() => _canvass.Dispose();

    private CliRun Verify() => _canvass.Run("verify", "--state", _canvass.PathOf("state.json"));

    /// <summary>The manifest <c>import manifest</c> commits, from a copy of the store, with its batches changed by
    /// <paramref name="forge"/> (root and count made to match them) and appended signed with the store's key.</summary>
    private async Task CommitForgedAsync(Func<ManifestCommitted, IEnumerable<ManifestBatchEntry>> forge)
    {
        var events = await Tamper.LoggedOnACopyAsync(_canvass, "import", "manifest", _canvass.Write("manifest.csv", AuditTestElection.Manifest));
        var manifest = Assert.Single(events.OfType<ManifestCommitted>());
        ManifestBatchEntry[] batches = [.. forge(manifest)];
        await Tamper.AppendSignedAsync(_canvass.Store, [.. events.Select(e => e is ManifestCommitted m
            ? m with { Batches = [.. batches], BallotCount = batches.Sum(b => (long)b.Ballots), MerkleRoot = ManifestBatchEncoding.Root(batches) }
            : e)]);
    }

    [Fact]
    public async Task Verify_ManifestAsImported_Passes()
    {
        await CommitForgedAsync(m => m.Batches);
        var verify = Verify();
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("1 manifest commitment re-derived", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ManifestLeavingOutACvrBatch_Fails()
    {
        await CommitForgedAsync(m => m.Batches.Where(b => b.Batch != "batch-3"));
        var verify = Verify();
        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains("does not list batch 'batch-3' of ru-south, which holds 50 of the CVRs committed before it: their paper could never be drawn", verify.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ManifestCountingFewerBallotsThanTheCvrs_Fails()
    {
        await CommitForgedAsync(m => m.Batches.Select(b => b.Batch == "batch-1" ? b with { Ballots = 49 } : b));
        var verify = Verify();
        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains("lists 49 ballots in batch 'batch-1' of ru-north, but the CVRs committed before it hold 50", verify.Stderr, StringComparison.Ordinal);
    }
}
