using Canvass.Domain.Audits;
using Canvass.Domain.Events;

namespace Canvass.Cli.Tests;

/// <summary><c>canvass verify</c> derives again what <c>canvass audit create</c> fixed: each audited contest's reported
/// outcome from the count as the log stood when the audit was created, a batch-comparison audit's batch tallies from the
/// committed CVRs, and a hybrid audit's strata. Every later round measures against these, so a forged creation that
/// widens the margin, or reports batch tallies that agree with the paper, must fail even though every round after it is
/// consistent with it.</summary>
public sealed class AuditCliCreationCheckTests : IDisposable
{
    private const string Rederived = "the audit's reported outcome re-derived from the count when it was created";
    private readonly Canvass _canvass = new();

    public void Dispose() => _canvass.Dispose();

    private CliRun Verify() => _canvass.Run("verify", "--state", _canvass.PathOf("state.json"));

    private static string[] Create(string type) => ["audit", "create", "--contest", "cc-gov", "--type", type, "--risk-limit", "10"];

    /// <summary>The events <c>audit create</c> logs, from a copy of the store, changed by <paramref name="forge"/> and
    /// appended to the store signed with its key.</summary>
    private async Task CreateForgedAsync(string type, Func<IEvent, IEvent> forge)
    {
        var events = await Tamper.LoggedOnACopyAsync(_canvass, Create(type));
        var forged = events.Select(forge).ToList();
        Assert.Equal(events.Count, forged.Count);
        await Tamper.AppendSignedAsync(_canvass.Store, [.. forged]);
    }

    [Theory]
    [InlineData("ballot-polling")]
    [InlineData("ballot-comparison")]
    [InlineData("batch-comparison")]
    [InlineData("hybrid")]
    public async Task Verify_AuditAsCreated_Passes(string type)
    {
        // The control for the forgeries below: the same events, unaltered, appended the same way.
        if (type == "hybrid")
        {
            HybridTestElection.Commit(_canvass);
        }
        else
        {
            AuditTestElection.Commit(_canvass);
        }

        await CreateForgedAsync(type, e => e);
        var verify = Verify();
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains(Rederived, verify.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("votes")]
    [InlineData("ballots")]
    [InlineData("counties")]
    [InlineData("votes-allowed")]
    public async Task Verify_ReportedOutcomeNotTheCount_Fails(string altered)
    {
        AuditTestElection.Commit(_canvass);
        await CreateForgedAsync("ballot-comparison", e => e is AuditCreated c ? c with { Contests = [Forge(c.Contests[0], altered)] } : e);

        var verify = Verify();
        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains(
            "the audit's reported outcome of cc-gov is not what the count gave when the audit was created: "
            + "cs-gov-a 140 cs-gov-b 50 cs-gov-c 10, 200 ballots in ru-north, ru-south, 1 winner, 1 vote allowed re-derived, ",
            verify.Stderr, StringComparison.Ordinal);
    }

    private static AuditedContest Forge(AuditedContest c, string altered) => altered switch
    {
        // A wider margin: fewer ballots to draw, and a risk measured against an outcome nobody reported.
        "votes" => c with { Choices = [c.Choices[0] with { Votes = c.Choices[0].Votes + 30 }, c.Choices[1] with { Votes = c.Choices[1].Votes - 30 }, c.Choices[2]] },
        "ballots" => c with { Ballots = c.Ballots - 50 },
        "counties" => c with { Counties = ["ru-north"] },
        _ => c with { VotesAllowed = 2 },
    };

    [Fact]
    public async Task Verify_BatchTallyNotWhatItsCvrsGive_Fails()
    {
        AuditTestElection.Commit(_canvass);
        // Batch 1's tally moved a vote from Bo to Ada: a board's hand count showing that would look like no discrepancy.
        await CreateForgedAsync("batch-comparison", e => e is AuditBatchTalliesReported r
            ? r with { Batches = r.Batches.SetItem(1, r.Batches[1] with { Votes = [.. r.Batches[1].Votes.Select(v => v with { Votes = v.Votes + v.Selection switch { "cs-gov-a" => 1, "cs-gov-b" => -1, _ => 0 } })] }) }
            : e);

        var verify = Verify();
        Assert.True(verify.ExitCode == 1, verify.ToString());
        var batch1 = Enumerable.Range(50, 50).GroupBy(AuditTestElection.Governor).ToDictionary(g => g.Key, g => g.Count());
        var counted = $"cs-gov-a {batch1["cs-gov-a"]} cs-gov-b {batch1["cs-gov-b"]} cs-gov-c {batch1["cs-gov-c"]} in 50 ballots";
        var logged = $"cs-gov-a {batch1["cs-gov-a"] + 1} cs-gov-b {batch1["cs-gov-b"] - 1} cs-gov-c {batch1["cs-gov-c"]} in 50 ballots";
        Assert.Contains($"the reported tally of cc-gov in batch batch-1 of ru-north is not what its committed CVRs give: {counted} counted, {logged} logged", verify.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_HybridStratumNotTheCount_Fails()
    {
        HybridTestElection.Commit(_canvass);
        await CreateForgedAsync("hybrid", e => e is HybridStrataReported h
            ? h with { Strata = h.Strata.SetItem(1, h.Strata[1] with { Votes = [h.Strata[1].Votes[0] with { Votes = h.Strata[1].Votes[0].Votes + 5 }, .. h.Strata[1].Votes.Skip(1)] }) }
            : e);

        var verify = Verify();
        Assert.True(verify.ExitCode == 1, verify.ToString());
        var south = HybridTestElection.Votes(100);
        Assert.Contains(
            $"the non-cvr stratum of cc-gov is not what the count gave when the audit was created: cs-gov-a {south["cs-gov-a"]} cs-gov-b {south["cs-gov-b"]} cs-gov-c {south["cs-gov-c"]} in 100 ballots of ru-south re-derived, "
            + $"cs-gov-a {south["cs-gov-a"] + 5} ",
            verify.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ResultsLoggedAfterTheCreation_AreNotInTheCountItIsCheckedAgainst()
    {
        // Canvass before 4 December 2026 locked an audit's inputs only once its seed was set, so South County's totals
        // could be imported after the audit of North County's Governor votes was created. The audit still checks the
        // outcome it was created with; verify derives that from the log as it stood then.
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        Assert.Equal(0, _canvass.Run("import", "cvr", _canvass.Write("north-cvrs.csv", HybridTestElection.NorthCvrs())).ExitCode);
        Assert.Equal(0, _canvass.Run("import", "manifest", _canvass.Write("north-manifest.csv", HybridTestElection.NorthManifest)).ExitCode);
        var south = await Tamper.LoggedOnACopyAsync(_canvass, "import", "results", _canvass.Write("south-results.csv", HybridTestElection.SouthResults()));
        Assert.Equal(0, _canvass.Run(Create("ballot-polling")).ExitCode);
        await Tamper.AppendSignedAsync(_canvass.Store, [.. south]);

        var verify = Verify();
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains(Rederived, verify.Stdout, StringComparison.Ordinal);
        // The count today holds both counties (Ada 140); the audit's is North's alone.
        Assert.Equal(140, Json.Votes(Json.Contest(Json.Parse(_canvass.Run("tabulate", "--json")), "cc-gov"), "cs-gov-a"));
        var audited = Json.Parse(_canvass.Run("audit", "status", "--json")).GetProperty("contests")[0];
        Assert.Equal(HybridTestElection.Votes(0)["cs-gov-a"], audited.GetProperty("choices")[0].GetProperty("votes").GetInt64());
    }
}
