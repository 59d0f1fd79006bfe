using System.Collections.Immutable;
using Canvass.Audit.Workflow;
using Canvass.Domain.Audits;

namespace Canvass.Audit.Tests.Workflow;

public sealed class AuditMathTests
{
    /// <summary>Contest <c>k</c>: selections a, b and c with the given votes, in county <c>c1</c>.</summary>
    internal static AuditedContest Contest(long a, long b, long c = 0, int winners = 1, long ballots = 1000) =>
        new("k", true, [new ReportedChoice("a", a), new ReportedChoice("b", b), new ReportedChoice("c", c)], ballots, winners, 1, ["c1"]);

    private static MeasuredBallot Paper(string? audited, string? reported, bool notFound = false, int draws = 1) =>
        new(1, draws, notFound,
            audited is null ? null : new ContestInterpretation("k", audited.Length == 0 ? Interpretations.Blank : Interpretations.Vote, audited.Length == 0 ? [] : [audited], false),
            reported is null ? null : reported.Length == 0 ? ImmutableArray<string>.Empty : [reported]);

    [Theory]
    [InlineData("a", "a", 0)]
    [InlineData("b", "a", 2)]     // counted for the winner, paper shows the loser
    [InlineData("", "a", 1)]      // counted for the winner, paper blank
    [InlineData("a", "", -1)]     // paper shows the winner, CVR blank
    [InlineData("a", "b", -1)]    // −2 against b (margin 300) but −1 against c (margin 500): −1/500 is the larger error
    [InlineData("c", "a", 2)]
    public void Discrepancy_is_the_worst_pairs_overstatement(string audited, string reported, int expected) =>
        Assert.Equal(expected, AuditMath.Discrepancy(Contest(600, 300, 100), Paper(audited, reported)));

    [Fact]
    public void A_ballot_not_found_is_a_two_vote_overstatement()
    {
        Assert.Equal(2, AuditMath.Discrepancy(Contest(600, 300, 100), Paper(null, "a", notFound: true)));
    }

    [Fact]
    public void An_overvote_on_paper_counts_no_vote()
    {
        var overvote = new MeasuredBallot(1, 1, false, new ContestInterpretation("k", Interpretations.Vote, ["a", "b"], true), ["a"]);
        Assert.Equal(1, AuditMath.Discrepancy(Contest(600, 300, 100), overvote));
    }

    [Theory]
    [InlineData(500, 500, true)]
    [InlineData(600, 400, false)]
    public void Ties_cannot_be_audited(long a, long b, bool tied) =>
        Assert.Equal(tied, AuditMath.Unauditable(Contest(a, b))?.Contains("tied", StringComparison.Ordinal) ?? false);

    [Fact]
    public void A_contest_where_everyone_wins_has_no_losers()
    {
        var all = new AuditedContest("k", true, [new ReportedChoice("a", 5), new ReportedChoice("b", 3)], 10, 2, 2, ["c1"]);
        Assert.Contains("no losers", AuditMath.Unauditable(all), StringComparison.Ordinal);
    }

    [Fact]
    public void Comparison_risk_with_clean_paper_is_the_kaplan_markov_product()
    {
        var contest = Contest(600, 300, 100);
        var outcome = AuditMath.Measure(AuditTypes.BallotComparison, 10, contest, [Paper("a", "a", draws: 3), Paper("b", "b")]);
        // Arlo's γ = 1.03905 and diluted margin m = 0.3; Arlo computes in 28-digit decimals, so the double agrees to 1e-15.
        var m = 0.3;
        Assert.Equal(Math.Pow(1 - (m / (2 * 1.03905)), 4), double.Parse(outcome.PValue, System.Globalization.CultureInfo.InvariantCulture), 15);
        Assert.Equal((4L, 0, 0), (outcome.Draws, outcome.Overstatements1, outcome.Overstatements2));
    }

    [Fact]
    public void Comparison_overstatements_raise_the_risk_and_understatements_do_not_lower_it()
    {
        var contest = Contest(600, 300, 100);
        var clean = double.Parse(AuditMath.Measure(AuditTypes.BallotComparison, 10, contest, [Paper("a", "a"), Paper("a", "a")]).PValue, System.Globalization.CultureInfo.InvariantCulture);
        var over = AuditMath.Measure(AuditTypes.BallotComparison, 10, contest, [Paper("a", "a"), Paper("b", "a")]);
        var under = AuditMath.Measure(AuditTypes.BallotComparison, 10, contest, [Paper("a", "a"), Paper("a", "b")]);
        Assert.True(double.Parse(over.PValue, System.Globalization.CultureInfo.InvariantCulture) > clean);
        Assert.Equal(1, over.Overstatements2);
        Assert.Equal(clean, double.Parse(under.PValue, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, under.Understatements1);
    }

    [Fact]
    public void Polling_options_are_arlos_bravo_options_and_shrink_after_a_good_round()
    {
        var contest = Contest(600, 300, 100);
        var first = AuditMath.Options(AuditTypes.BallotPolling, 10, contest, [], 0);
        var arlo = Bravo.SampleSizeOptions(10, AuditMath.ToArloContest(contest));
        Assert.Equal(arlo.Select(o => (o.Key, (int)o.Size)).Append(("all-ballots", 1000)), first.Select(o => (o.Id, o.Size)));

        var second = AuditMath.Options(AuditTypes.BallotPolling, 10, contest, [Paper("a", null, draws: 3)], 3);
        Assert.True(second[0].Size < first[0].Size);

        // Ten draws for the winner already meet the risk limit ((4/3)^10 > 10): nothing more to draw.
        Assert.Empty(AuditMath.Options(AuditTypes.BallotPolling, 10, contest, [Paper("a", null, draws: 10)], 10));
    }

    [Fact]
    public void Supersimple_size_before_any_sample_follows_arlos_formula()
    {
        // Margin 0.3, α = 0.1, γ = 1.03905, default rates: n0 = ⌈ln α / −0.155386⌉ = 15, so o1 = u1 = 1, o2 = u2 = 0 and
        // nMin = ⌈−2γ (ln α + ln(1 − 1/2γ) + ln(1 + 1/2γ)) / m⌉ = ⌈17.77⌉.
        var options = AuditMath.Options(AuditTypes.BallotComparison, 10, Contest(600, 300, 100), [], 0);
        Assert.Equal("supersimple", options[0].Id);
        Assert.Equal(18, options[0].Size);
    }

    /// <summary>Arlo's <c>supersimple.get_sample_sizes</c> vectors (arlo_vectors.json, test_supersimple.py): contest
    /// (winner, loser, ballots), risk limit 10%, and the overstatements seen in an earlier round of the given size.</summary>
    [Theory]
    [InlineData(60000, 40000, 100000, 0, 0, 0, 27)]
    [InlineData(30000, 24000, 60000, 0, 0, 0, 54)]
    [InlineData(8000, 6000, 15000, 0, 0, 0, 40)]
    [InlineData(10000, 0, 10000, 0, 0, 0, 6)]
    [InlineData(10, 4, 15, 0, 0, 0, 14)]
    [InlineData(60000, 40000, 100000, 27, 1, 0, 11)]
    [InlineData(60000, 40000, 100000, 27, 0, 1, 99973)]
    [InlineData(30000, 24000, 60000, 54, 0, 1, 59946)]
    [InlineData(18000, 12600, 36000, 36, 1, 0, 15)]
    [InlineData(8000, 6000, 15000, 40, 1, 0, 17)]
    [InlineData(10000, 0, 10000, 6, 0, 1, 27)]
    [InlineData(16, 10, 26, 0, 0, 0, 24)]
    [InlineData(60000, 40000, 100000, 27, 0, 0, 0)]
    [InlineData(8000, 6000, 15000, 40, 0, 0, 0)]
    [InlineData(10, 4, 15, 14, 0, 0, 0)]
    [InlineData(10, 4, 15, 14, 1, 0, 1)]
    [InlineData(10, 4, 15, 14, 0, 1, 1)]
    public void Supersimple_sizes_match_arlos_vectors(long winner, long loser, long ballots, int drawn, int o1, int o2, int expected)
    {
        var contest = new AuditedContest("k", true, [new ReportedChoice("w", winner), new ReportedChoice("l", loser)], ballots, 1, 1, ["c1"]);
        var measured = new List<MeasuredBallot>();
        for (var i = 0; i < drawn; i++)
        {
            // A one-vote overstatement: counted for the winner, blank on paper; two-vote: the paper shows the loser.
            var paper = i < o1 ? "" : i < o1 + o2 ? "l" : "w";
            measured.Add(new MeasuredBallot(1, 1, false,
                new ContestInterpretation("k", paper.Length == 0 ? Interpretations.Blank : Interpretations.Vote, paper.Length == 0 ? [] : [paper], false), ["w"]));
        }

        var options = AuditMath.Options(AuditTypes.BallotComparison, 10, contest, measured, drawn);
        Assert.Equal(expected, options.IsEmpty ? 0 : options[0].Size);
    }

    /// <summary>Arlo's <c>supersimple.compute_risk</c> vectors (arlo-0339, arlo-0341, arlo-0343 of arlo_vectors.json,
    /// test_supersimple.py::test_compute_risk): Contest A (60,000 to 40,000 of 100,000 ballots), risk limit 10%, 27
    /// ballots all reported for the winner, the first read as <paramref name="firstPaper"/>; the measured risk is
    /// Arlo's to the last bit.</summary>
    [Theory]
    [InlineData("w", 0.06507456877787543, true, 0, 0)]
    [InlineData("", 0.1254349887554985, false, 1, 0)]
    [InlineData("l", 1.0, false, 0, 1)]
    public void Comparison_risk_matches_arlos_vectors(string firstPaper, double expected, bool met, int o1, int o2)
    {
        var contest = new AuditedContest("k", true, [new ReportedChoice("w", 60000), new ReportedChoice("l", 40000)], 100000, 1, 1, ["c1"]);
        var measured = Enumerable.Range(0, 27).Select(i =>
        {
            var paper = i == 0 ? firstPaper : "w";
            return new MeasuredBallot(1, 1, false,
                new ContestInterpretation("k", paper.Length == 0 ? Interpretations.Blank : Interpretations.Vote, paper.Length == 0 ? [] : [paper], false), ["w"]);
        }).ToList();

        var outcome = AuditMath.Measure(AuditTypes.BallotComparison, 10, contest, measured);
        Assert.Equal(expected.ToString("R", System.Globalization.CultureInfo.InvariantCulture), outcome.PValue);
        Assert.Equal((met, o1, o2), (outcome.RiskLimitMet, outcome.Overstatements1, outcome.Overstatements2));
    }
}
