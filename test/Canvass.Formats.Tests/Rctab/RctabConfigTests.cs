using Canvass.Domain.Rcv;
using Canvass.Formats.Rctab;

namespace Canvass.Formats.Tests.Rctab;

public sealed class RctabConfigTests
{
    private const string Valid = """
        {
          "tabulatorVersion": "TEST",
          "outputSettings": { "contestName": "Mayor", "contestDate": "2024-11-05" },
          "cvrFileSources": [ { "filePath": "cvr.json", "contestId": "Mayor", "provider": "cdf", "overvoteLabel": "" } ],
          "candidates": [ { "name": "Ann", "aliases": [ "A1" ] }, { "name": "Bob", "excluded": true } ],
          "rules": {
            "tiebreakMode": "random", "randomSeed": "-7", "overvoteRule": "alwaysSkipToNextRank",
            "winnerElectionMode": "multiWinnerAllowMultipleWinnersPerRound", "numberOfWinners": "3",
            "maxSkippedRanksAllowed": "unlimited", "maxRankingsAllowed": "max", "decimalPlacesForVoteArithmetic": "6",
            "nonIntegerWinningThreshold": true, "minimumVoteThreshold": "0", "stopTabulationEarlyAfterRound": ""
          }
        }
        """;

    [Theory]
    [InlineData("\"contestId\": \"Mayor\"", "\"contestId\": \"May\\ud800or\"", "$.cvrFileSources[0].contestId")]
    [InlineData("\"name\": \"Ann\"", "\"n\\udc00ame\": \"Ann\"", "$.candidates[0]")]
    public void An_escaped_lone_surrogate_is_a_problem_not_a_crash(string from, string to, string path)
    {
        // Found by MutatedInputTests: reading such a string as text (or a member past such a name) throws.
        var problem = Assert.Single(RctabConfig.Parse(Valid.Replace(from, to, StringComparison.Ordinal)).Problems);
        Assert.Equal((Canvass.Domain.ProblemCodes.Malformed, path), (problem.Code, problem.Path));
    }

    [Fact]
    public void Reads_string_valued_rules()
    {
        var config = RctabConfig.Parse(Valid).Value;
        var r = config.Rules;
        Assert.Equal(RcvWinnerMode.MultiWinnerAllowMultipleWinnersPerRound, r.WinnerMode);
        Assert.Equal(3, r.NumberOfWinners);
        Assert.Equal(-7L, r.RandomSeed);
        Assert.Null(r.MaxSkippedRanksAllowed);
        Assert.Null(r.MaxRankingsAllowed);
        Assert.Null(r.StopTabulationEarlyAfterRound);
        Assert.Equal(6, r.DecimalPlacesForVoteArithmetic);
        Assert.True(r.NonIntegerWinningThreshold);
        Assert.Equal(RcvOvervoteRule.AlwaysSkipToNextRank, r.OvervoteRule);
        Assert.Equal(["A1"], config.Candidates[0].Aliases);
        Assert.True(config.Candidates[1].Excluded);
        Assert.False(config.ToContest().UndeclaredWriteIns);
    }

    [Theory]
    [InlineData("\"minimumVoteThreshold\": \"0\"", "\"batchElimination\": true", "$.rules.winnerElectionMode")]
    [InlineData("\"nonIntegerWinningThreshold\": true", "\"nonIntegerWinningThreshold\": true, \"hareQuota\": true", "$.rules.hareQuota")]
    [InlineData("\"minimumVoteThreshold\": \"0\"", "\"doesFirstRoundDetermineThreshold\": true", "$.rules.doesFirstRoundDetermineThreshold")]
    [InlineData("\"randomSeed\": \"-7\"", "\"randomSeed\": \"\"", "$.rules.randomSeed")]
    [InlineData("\"randomSeed\": \"-7\"", "\"randomSeed\": \"140737488355328\"", "$.rules.randomSeed")]
    [InlineData("\"decimalPlacesForVoteArithmetic\": \"6\"", "\"decimalPlacesForVoteArithmetic\": \"21\"", "$.rules.decimalPlacesForVoteArithmetic")]
    [InlineData("\"alwaysSkipToNextRank\"", "\"sometimes\"", "$.rules.overvoteRule")]
    [InlineData("\"contestId\": \"Mayor\", ", "", "$.cvrFileSources[0].contestId")]
    [InlineData("\"aliases\": [ \"A1\" ]", "\"aliases\": [ \"Bob\" ]", "$.candidates[1]")]
    public void Invalid_combinations_are_problems(string from, string to, string path)
    {
        var json = Valid.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Valid, json);
        var result = RctabConfig.Parse(json);
        Assert.False(result.IsSuccess);
        Assert.Contains(result.Problems, p => p.Path == path);
    }

    [Theory]
    [InlineData("\"yes\"")]
    [InlineData("{}")]
    [InlineData("1")]
    [InlineData("\"tRuE\"")]
    public void A_boolean_rule_that_is_not_true_or_false_is_a_problem_at_its_path(string value)
    {
        // Read as false, batchElimination "yes" would count under rules the operator did not write.
        var json = Valid.Replace("\"nonIntegerWinningThreshold\": true", "\"nonIntegerWinningThreshold\": " + value, StringComparison.Ordinal);

        var problem = Assert.Single(RctabConfig.Parse(json).Problems);

        Assert.Equal("$.rules.nonIntegerWinningThreshold", problem.Path);
        Assert.Contains("must be true or false", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("\"true\"", true)]
    [InlineData("\"false\"", false)]
    [InlineData("null", false)]
    public void A_boolean_rule_is_a_json_boolean_or_its_text_as_rctab_reads_it(string value, bool read)
    {
        var json = Valid.Replace("\"nonIntegerWinningThreshold\": true", "\"nonIntegerWinningThreshold\": " + value, StringComparison.Ordinal);

        Assert.Equal(read, RctabConfig.Parse(json).Value.Rules.NonIntegerWinningThreshold);
    }

    [Fact]
    public void Percentage_mode_needs_zero_winners()
    {
        var json = Valid.Replace("multiWinnerAllowMultipleWinnersPerRound", "bottomsUpUsingPercentageThreshold", StringComparison.Ordinal)
            .Replace("\"nonIntegerWinningThreshold\": true", "\"multiSeatBottomsUpPercentageThreshold\": \"15\"", StringComparison.Ordinal);
        Assert.Contains(RctabConfig.Parse(json).Problems, p => p.Path == "$.rules.numberOfWinners");
        Assert.True(RctabConfig.Parse(json.Replace("\"numberOfWinners\": \"3\"", "\"numberOfWinners\": \"0\"", StringComparison.Ordinal)).IsSuccess);
    }

    [Fact]
    public void Not_json_is_malformed()
    {
        Assert.Equal("malformed", RctabConfig.Parse("{ nope").Problems.Single().Code);
    }
}
