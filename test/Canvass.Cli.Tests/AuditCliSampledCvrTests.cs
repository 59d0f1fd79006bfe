using System.Globalization;
using Canvass.Domain.Events;

namespace Canvass.Cli.Tests;

/// <summary><c>canvass verify</c> locates every drawn ballot's CVR again: the ballot at position k of batch B is the k-th
/// committed CVR of its county with batch B, and a sample that logs the right places but compares them with other CVRs
/// (or with none) fails. The re-draw from the seed checks only the places, so this is what stops an operator from
/// choosing which CVR the paper is compared with.</summary>
public sealed class AuditCliSampledCvrTests : IDisposable
{
    private const string Seed = "12345678901234567890";
    private readonly Canvass _canvass = new();

    public void Dispose() => _canvass.Dispose();

    private CliRun Verify() => _canvass.Run("verify", "--state", _canvass.PathOf("state.json"));

    /// <summary>Creates and seeds the audit, then draws round 1 on a copy of the store: the events <c>audit sample</c>
    /// logs, not yet in the store.</summary>
    private async Task<List<IEvent>> DrawOnACopyAsync(string type, string size = "12")
    {
        Assert.Equal(0, _canvass.Run("audit", "create", "--contest", "cc-gov", "--type", type, "--risk-limit", "10").ExitCode);
        Assert.Equal(0, _canvass.Run("audit", "seed", "--seed", Seed).ExitCode);
        return await Tamper.LoggedOnACopyAsync(_canvass, "audit", "sample", "--size", size);
    }

    private static List<IEvent> WithSample(List<IEvent> events, Func<AuditSampleDrawn, AuditSampleDrawn> forge) =>
        [.. events.Select(e => e is AuditSampleDrawn d ? forge(d) : e)];

    [Fact]
    public async Task Verify_SampleAsDrawn_Passes()
    {
        // The control for the forgeries below: the same events, unaltered, appended the same way.
        AuditTestElection.Commit(_canvass);
        var events = await DrawOnACopyAsync("ballot-comparison");
        await Tamper.AppendSignedAsync(_canvass.Store, [.. events]);

        var verify = Verify();
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var drawn = events.OfType<AuditSampleDrawn>().Single().Ballots.Length;
        Assert.True(drawn > 1, $"{drawn} ballots drawn");
        Assert.Contains($"1 audit round re-drawn from the public seed and matched; {drawn.ToString(CultureInfo.InvariantCulture)} drawn ballots' CVRs located again at their manifest places", verify.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ballot-comparison", "other-cvr")]
    [InlineData("ballot-comparison", "swapped")]
    [InlineData("ballot-comparison", "no-cvr")]
    [InlineData("ballot-polling", "other-cvr")]
    public async Task Verify_BallotComparedWithAnotherCvrThanItsPlaces_Fails(string type, string forgery)
    {
        AuditTestElection.Commit(_canvass);
        var events = await DrawOnACopyAsync(type);
        var drawn = events.OfType<AuditSampleDrawn>().Single();
        var (first, second) = (drawn.Ballots[0], drawn.Ballots[1]);
        Assert.Equal($"B{AuditTestElection.Index(first.Batch, first.Position):D3}", first.BallotId);

        // A CVR from the same county that the sample did not draw, and so whose paper no board will look at.
        var sampled = drawn.Ballots.Select(b => b.BallotId).ToHashSet(StringComparer.Ordinal);
        var other = Enumerable.Range(0, AuditTestElection.Ballots).First(i => AuditTestElection.County(i) == first.County && !sampled.Contains($"B{i:D3}"));
        var forged = forgery switch
        {
            "other-cvr" => drawn.Ballots.SetItem(0, first with { BallotId = $"B{other:D3}", IndexInImport = other }),
            "swapped" => drawn.Ballots
                .SetItem(0, first with { BallotId = second.BallotId, ImportId = second.ImportId, IndexInImport = second.IndexInImport })
                .SetItem(1, second with { BallotId = first.BallotId, ImportId = first.ImportId, IndexInImport = first.IndexInImport }),
            _ => drawn.Ballots.SetItem(0, first with { BallotId = null, ImportId = null, IndexInImport = null }),
        };
        await Tamper.AppendSignedAsync(_canvass.Store, [.. WithSample(events, d => d with { Ballots = forged })]);

        var verify = Verify();
        Assert.True(verify.ExitCode == 1, verify.ToString());
        var place = $"{first.County}/{first.Batch}/{first.Position.ToString(CultureInfo.InvariantCulture)}";
        var logged = forgery switch
        {
            "other-cvr" => $"CVR B{other:D3} (import {first.ImportId}, record {other.ToString(CultureInfo.InvariantCulture)})",
            "swapped" => $"CVR {second.BallotId} (import {second.ImportId}, record {second.IndexInImport!.Value.ToString(CultureInfo.InvariantCulture)})",
            _ => "no CVR",
        };
        Assert.Contains(
            $"round 1's ballot at {place} is compared with {logged}, but the committed CVR at that place is {first.BallotId} (import {first.ImportId}, record {first.IndexInImport!.Value.ToString(CultureInfo.InvariantCulture)})",
            verify.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_HybridNonCvrBallotNamingACvr_Fails()
    {
        // South County reported totals only: its ballots are read, not compared, and name no CVR.
        HybridTestElection.Commit(_canvass);
        var events = await DrawOnACopyAsync("hybrid", "8+8");
        var drawn = events.OfType<AuditSampleDrawn>().Single();
        var (south, at) = drawn.Ballots.Select((b, i) => (b, i)).First(p => p.b.County == "ru-south");
        var north = drawn.Ballots.First(b => b.County == "ru-north");
        Assert.Null(south.BallotId);
        await Tamper.AppendSignedAsync(_canvass.Store, [.. WithSample(events, d => d with
        {
            Ballots = d.Ballots.SetItem(at, south with { BallotId = north.BallotId, ImportId = north.ImportId, IndexInImport = north.IndexInImport }),
        })]);

        var verify = Verify();
        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains($"round 1's ballot at ru-south/{south.Batch}/{south.Position.ToString(CultureInfo.InvariantCulture)} is compared with CVR {north.BallotId}", verify.Stderr, StringComparison.Ordinal);
        Assert.Contains("but ru-south had no committed CVRs when the round was drawn", verify.Stderr, StringComparison.Ordinal);
    }
}
