namespace Canvass.Cli.Tests;

/// <summary>The audit commands write a count of one in the singular: "1 county", "1 ballot", "1 draw".</summary>
public sealed class AuditCliQuantityWordingTests : IDisposable
{
    private readonly Canvass _canvass = new();

    public void Dispose() => _canvass.Dispose();

    [Fact]
    public void Status_and_sample_of_a_one_county_audit_drawing_one_ballot_say_1_county_1_ballot_1_draw()
    {
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        Assert.Equal(0, _canvass.Run("import", "cvr", _canvass.Write("north-cvrs.csv", HybridTestElection.NorthCvrs())).ExitCode);
        Assert.Equal(0, _canvass.Run("import", "manifest", _canvass.Write("north-manifest.csv", HybridTestElection.NorthManifest)).ExitCode);
        Assert.Equal(0, _canvass.Run("audit", "create", "--contest", "cc-gov", "--risk-limit", "10").ExitCode);
        Assert.Equal(0, _canvass.Run("audit", "seed", "--seed", "31415926535897932384").ExitCode);

        var sample = _canvass.Run("audit", "sample", "--size", "1");
        Assert.True(sample.ExitCode == 0, sample.ToString());
        Assert.Contains("Round 1: 1 ballot (1 draw) with seed", sample.Stdout, StringComparison.Ordinal);

        var status = _canvass.Run("audit", "status");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("100 ballots in 1 county,", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("round 1: 1 ballot (1 draw), 0 recorded, open", status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_batch_of_one_ballot_that_the_cvrs_contradict_is_reported_as_1_ballot()
    {
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        Assert.Equal(0, _canvass.Run("import", "cvr", _canvass.Write("north-cvrs.csv", HybridTestElection.NorthCvrs())).ExitCode);
        var run = _canvass.Run("import", "manifest", _canvass.Write("north-manifest.csv", HybridTestElection.NorthManifest.Replace("batch-1,50", "batch-1,1", StringComparison.Ordinal)));
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("Batch 'batch-1' of ru-north lists 1 ballot, but the committed CVRs hold 50 for it.", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }
}
