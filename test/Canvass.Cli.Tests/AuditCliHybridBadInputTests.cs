using System.Globalization;
using System.Text.Json;

namespace Canvass.Cli.Tests;

/// <summary>Bad input to a hybrid (SUITE) audit: every problem listed, exit code 2, nothing stored.</summary>
public sealed class AuditCliHybridBadInputTests : IDisposable
{
    private const string Seed = "31415926535897932384";
    private readonly Canvass _canvass = new();

    public void Dispose() => _canvass.Dispose();

    private Task<JsonElement[]> RefusedAsync(params string[] args) => StoreProbe.RefusedProblemsAsync(_canvass, args);

    private static string Message(JsonElement problem) => problem.GetProperty("message").GetString()!;

    private void Seeded()
    {
        HybridTestElection.Commit(_canvass);
        Assert.Equal(0, _canvass.Run("audit", "create", "--contest", "cc-gov", "--type", "hybrid", "--risk-limit", "10").ExitCode);
        Assert.Equal(0, _canvass.Run("audit", "seed", "--seed", Seed).ExitCode);
    }

    [Fact]
    public async Task A_contest_whose_counties_all_have_cvrs_has_no_non_cvr_stratum_and_is_refused()
    {
        AuditTestElection.Commit(_canvass);
        var p = Assert.Single(await RefusedAsync("audit", "create", "--contest", "cc-gov", "--type", "hybrid", "--risk-limit", "10"));
        Assert.Equal(("inconsistent", "--contest"), (p.GetProperty("code").GetString(), p.GetProperty("path").GetString()));
        Assert.Contains("Contest cc-gov has no non-CVR stratum: every county of it (ru-north, ru-south) has committed CVRs", Message(p), StringComparison.Ordinal);
        Assert.Contains("audit this contest by ballot comparison (--type ballot-comparison)", Message(p), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contest_with_reported_totals_only_has_no_cvr_stratum_and_is_refused()
    {
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        var totals = _canvass.Run("import", "results", _canvass.Write("totals.csv",
            HybridTestElection.SouthResults() + HybridTestElection.SouthResults().Split('\n', 2)[1].Replace("South County", "North County", StringComparison.Ordinal)));
        Assert.True(totals.ExitCode == 0, totals.ToString());
        Assert.Equal(0, _canvass.Run("import", "manifest", _canvass.Write("manifest.csv", AuditTestElection.Manifest)).ExitCode);

        var p = Assert.Single(await RefusedAsync("audit", "create", "--contest", "cc-gov", "--type", "hybrid", "--risk-limit", "10"));
        Assert.Contains("Contest cc-gov has no CVR stratum: none of its counties (ru-north, ru-south) has committed CVRs", Message(p), StringComparison.Ordinal);
        Assert.Contains("audit this contest by ballot polling (--type ballot-polling)", Message(p), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_custom_sizes_are_refused_with_every_problem_listed()
    {
        Seeded();
        var problems = await RefusedAsync("audit", "sample", "--size", "12", "--size", "cc-gov=101+101", "--size", "cc-nope=1+1", "--size", "0+0", "--size", "3+x");
        Assert.Equal(6, problems.Length);
        Assert.All(problems, p => Assert.Equal("--size", p.GetProperty("path").GetString()));
        Assert.Contains("'12' is not a hybrid sample size: give CVR+NONCVR", Message(problems[0]), StringComparison.Ordinal);
        Assert.Contains("'cc-nope' is not a targeted contest", Message(problems[1]), StringComparison.Ordinal);
        Assert.Contains("'0+0' is not a hybrid sample size", Message(problems[2]), StringComparison.Ordinal);
        Assert.Contains("'3+x' is not a hybrid sample size", Message(problems[3]), StringComparison.Ordinal);
        Assert.Equal("Contest cc-gov: 101 CVR-stratum draws is more than the stratum's 100 ballots.", Message(problems[4]));

        // Without replacement, the non-CVR stratum cannot give more ballots than it has.
        Assert.Equal("Contest cc-gov: 101 non-CVR-stratum draws is more than the stratum's 100 ballots not yet drawn (it is sampled without replacement).", Message(problems[5]));

        var option = Assert.Single(await RefusedAsync("audit", "sample", "--option", "macro"));
        Assert.Contains("Contest cc-gov has no option 'macro' (it has suite, all-ballots)", Message(option), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entries_for_ballots_not_in_the_sample_are_refused_in_either_stratum()
    {
        Seeded();
        var sample = Json.Parse(_canvass.Run("audit", "sample", "--size", "5+5", "--json"));
        var sampled = sample.GetProperty("sampledBallots").EnumerateArray()
            .Select(b => (b.GetProperty("batch").GetString()!, b.GetProperty("position").GetInt32())).ToHashSet();
        foreach (var (county, batch) in new[] { ("ru-north", "batch-0"), ("ru-south", "batch-2") })
        {
            var notSampled = Enumerable.Range(1, 50).First(p => !sampled.Contains((batch, p)));
            var file = _canvass.Write($"board-{county}.csv", string.Create(CultureInfo.InvariantCulture,
                $"Batch Name,Ballot Number,Contest,Interpretation,Choices\n{batch},{notSampled},cc-gov,vote,cs-gov-a\n"));
            var p = Assert.Single(await RefusedAsync("audit", "record", "--county", county, "--file", file));
            Assert.Equal(("unknown-reference", 2, "Ballot Number"), (p.GetProperty("code").GetString(), p.GetProperty("line").GetInt32(), p.GetProperty("path").GetString()));
            Assert.Contains("is not in round 1's sample", Message(p), StringComparison.Ordinal);
        }

        // A round cannot close while a sampled ballot of either stratum has no entry.
        var missing = await RefusedAsync("audit", "close-round");
        Assert.Equal(sample.GetProperty("ballots").GetInt32(), missing.Length);
    }
}
