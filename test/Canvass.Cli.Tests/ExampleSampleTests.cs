using Canvass.TestKit;

namespace Canvass.Cli.Tests;

/// <summary>The README's "your own election" steps, run as written on the fictional sample in <c>samples/example/</c>: one
/// county sends ballots, the other totals by vote method. The expected counts are worked out by hand from the three files
/// in <c>samples/example/README.md</c>.</summary>
public sealed class ExampleSampleTests : IDisposable
{
    private static readonly string Sample = RepositoryFolder.Combine("samples", "example");

    private readonly Canvass _canvass = new();

    public void Dispose() => _canvass.Dispose();

    [Fact]
    public void Sample_election_is_a_valid_NIST_report()
    {
        Assert.Empty(NistSchemas.ValidateErrJson(File.ReadAllBytes(Path.Combine(Sample, "election.json"))));
    }

    [Fact]
    public void Readme_steps_count_the_sample_as_worked_out_by_hand()
    {
        Ok(_canvass.Run("init", "--election", Path.Combine(Sample, "election.json"), "--origin", "results.example.gov/2026-general"));
        Ok(_canvass.Run("import", "cvr", Path.Combine(Sample, "lake-precinct-1.csv"), Path.Combine(Sample, "lake-precinct-2.csv")));
        Ok(_canvass.Run("import", "results", Path.Combine(Sample, "ridge-totals.csv")));

        var tabulation = Json.Parse(_canvass.Run("tabulate", "--json"));
        Assert.Equal(18, tabulation.GetProperty("ballotsCounted").GetInt64());

        // Governor: Lake's ballots (one overvoted, one blank) plus Ridge's reported totals.
        var governor = Json.Contest(tabulation, "cc-gov");
        Assert.Equal((8L + 31, 6L + 35, 2L + 4), (Json.Votes(governor, "cs-gov-ada"), Json.Votes(governor, "cs-gov-ben"), Json.Votes(governor, "cs-gov-cy")));
        Assert.Equal(["cs-gov-ben"], Json.Winners(governor));

        // Ridge reported votes only, so the governor's ballots are known for Lake alone: 18, one overvoted, one blank.
        Assert.False(governor.TryGetProperty("ballotsCast", out _));
        var known = governor.GetProperty("knownCounts");
        Assert.Equal((18L, 1L, 1L), (known.GetProperty("ballotsCast").GetInt64(), known.GetProperty("overvotes").GetInt64(), known.GetProperty("undervotes").GetInt64()));
        Assert.Equal("ru-ridge", Assert.Single(known.GetProperty("votesOnly").EnumerateArray()).GetProperty("id").GetString());

        // The commission is on Lake's ballots only: vote for two, one ballot overvoted, ten votes left unused.
        var commission = Json.Contest(tabulation, "cc-lake-commission");
        Assert.Equal((8L, 9L, 7L), (Json.Votes(commission, "cs-com-dee"), Json.Votes(commission, "cs-com-eli"), Json.Votes(commission, "cs-com-fay")));
        Assert.Equal(["cs-com-eli", "cs-com-dee"], Json.Winners(commission));
        Assert.Equal((18L, 2L, 10L), (commission.GetProperty("ballotsCast").GetInt64(), commission.GetProperty("overvotes").GetInt64(), commission.GetProperty("undervotes").GetInt64()));

        // Measure 1 has a majority (50 of 85, 58.8 %) but needs three fifths, so it fails.
        var measure = Json.Contest(tabulation, "bm-1");
        Assert.Equal((11L + 39, 6L + 29), (Json.Votes(measure, "bm-1-yes"), Json.Votes(measure, "bm-1-no")));
        Assert.False(measure.GetProperty("passed").GetBoolean());

        Assert.Contains("  ballots 18, overvotes 1, undervotes 1 where counted; Ridge County reported votes only\n", _canvass.Run("tabulate").Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("knownCounts", _canvass.Run("tabulate", "--json", "--contest", "cc-lake-commission").Stdout, StringComparison.Ordinal);

        // What the tour goes on to show: the log verifies, and the same file again changes nothing.
        Ok(_canvass.Run("verify", "--state", _canvass.PathOf("state.json")));
        var again = _canvass.Run("import", "cvr", Path.Combine(Sample, "lake-precinct-1.csv"));
        Ok(again);
        Assert.StartsWith("unchanged ", again.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Ridge's totals with an OpenElections "Over Votes" row: Ridge then knows its overvotes but not its ballots,
    /// which made the ballots and undervotes Lake counted unknown too (text "overvotes 4", JSON knownCounts without
    /// ballotsCast). Each count is summed over the units that know it.</summary>
    [Fact]
    public void A_county_reporting_its_overvotes_only_leaves_the_counts_of_the_counties_with_ballots()
    {
        Ok(_canvass.Run("init", "--election", Path.Combine(Sample, "election.json"), "--origin", "results.example.gov/2026-general"));
        Ok(_canvass.Run("import", "cvr", Path.Combine(Sample, "lake-precinct-1.csv"), Path.Combine(Sample, "lake-precinct-2.csv")));
        var totals = File.ReadAllText(Path.Combine(Sample, "ridge-totals.csv")) + "Ridge County,,Governor,,,Over Votes,3,,\n";
        Ok(_canvass.Run("import", "results", _canvass.Write("ridge-totals.csv", totals)));

        var governor = Json.Contest(Json.Parse(_canvass.Run("tabulate", "--json", "--contest", "cc-gov")), "cc-gov");
        var known = governor.GetProperty("knownCounts");
        Assert.Equal((18L, 1L + 3, 1L), (known.GetProperty("ballotsCast").GetInt64(), known.GetProperty("overvotes").GetInt64(), known.GetProperty("undervotes").GetInt64()));
        Assert.Empty(known.GetProperty("votesOnly").EnumerateArray());
        Assert.Contains("  ballots 18, overvotes 4, undervotes 1 where counted\n", _canvass.Run("tabulate", "--contest", "cc-gov").Stdout, StringComparison.Ordinal);
    }

    /// <summary>A ballot measure's answers are not candidates: a call naming one is refused with that reason, not with an
    /// empty list of the candidates it could have named.</summary>
    [Fact]
    public void Call_on_the_ballot_measure_says_it_has_no_candidates()
    {
        Ok(_canvass.Run("init", "--election", Path.Combine(Sample, "election.json"), "--origin", "results.example.gov/2026-general"));

        var run = _canvass.Run("record", "call", "-c", "bm-1", "--source", "AP", "--caller", "AP", "--winner", "bm-1-no");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("Contest 'bm-1' has no candidates", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Candidates: .", run.Stderr, StringComparison.Ordinal);
    }

    private static void Ok(CliRun run) => Assert.True(run.ExitCode == 0, run.ToString());
}
