using System.Collections.Immutable;
using Canvass.Audit.Shangrla;
using Canvass.Domain.Rcv;

namespace Canvass.Audit.Tests;

/// <summary>RAIRE's assertions on hand-checked examples, and their defining properties on many small contests.</summary>
public sealed class ShangrlaRaireTests
{
    private const string Contest = "IRV";

    /// <summary>
    /// SHANGRLA's RAIRE example notebook: 10 (Alpine, Beach, Canyon), 10 (Alpine, Beach, Desert), 25 (Beach),
    /// 6 (Canyon, Alpine, Beach), 4 (Desert, Alpine, Beach); Alpine wins after Desert, Canyon, Beach are eliminated.
    /// By hand: no assertion rules out Beach winning outright, so the Beach subtree is split; the last two standing
    /// being Alpine and Beach is ruled out by "Alpine beats Beach when only they remain" (30 v 25, margin 5/55, the
    /// hardest: difficulty 11); Canyon or Desert lasting longer than Alpine by "Alpine NEB Canyon" (Alpine's 20 first
    /// preferences v 6 ballots that rank Canyon above Alpine) and "Alpine NEB Desert" (20 v 4). The easier "Beach NEB
    /// Canyon" (25 v 6) and "Beach NEB Desert" (25 v 4) would rule out Canyon or Desert winning, but are implied.
    /// </summary>
    [Fact]
    public void Generate_RaireNotebookExample_ThreeAssertionsByHand()
    {
        var result = Raire.Generate(Contest, ["Alpine", "Beach", "Canyon", "Desert"], "Alpine", AlpineBallots());

        Assert.True(result.IsSuccess, result.Problem);
        Assert.Equal(11.0, result.Difficulty, 12);
        var described = result.Assertions.Select(Describe).ToList();
        Assert.Equal(
            [
                "Alpine NEB Canyon: 14/55",
                "Alpine NEB Desert: 16/55",
                "Alpine > Beach if only {Alpine, Beach} remain: 5/55",
            ],
            described);
    }

    /// <summary>
    /// "A Guide to RAIRE", example 10 (the raire-rs test data): 5000 (Chuan, Bob, Alice), 1000 (Bob, Chuan, Diego),
    /// 1500 (Diego, Alice), 4000 (Alice, Diego), 2000 (Diego); Chuan wins after Bob, Diego, Alice. By hand, of the NEB
    /// assertions only Chuan NEB Bob is true (5000 v 1000; difficulty 13500/4000 = 3.375, as raire-rs asserts). The
    /// order Bob, Diego, Chuan, Alice is contradicted only by "Chuan beats Alice when only they remain" (6000 v 5500) and
    /// Bob, Alice, Chuan, Diego only by "Alice beats Diego when Alice, Chuan, Diego remain" (4000 v 3500): both have
    /// difficulty 13500/500 = 27, the least possible maximum. The rest: Chuan eliminated third before Alice wins needs
    /// "Chuan beats Diego among Alice, Chuan, Diego" (6000 v 3500), Alice eliminated first needs "Alice beats Bob
    /// among all four" (4000 v 1000), and "Alice beats Diego when only they remain" is implied by the others.
    /// </summary>
    [Fact]
    public void Generate_GuideToRaireExample10_ByHand()
    {
        var ballots = new List<IReadOnlyList<string>>();
        void Add(int count, params string[] prefs) => ballots.AddRange(Enumerable.Repeat<IReadOnlyList<string>>(prefs, count));
        Add(5000, "Chuan", "Bob", "Alice");
        Add(1000, "Bob", "Chuan", "Diego");
        Add(1500, "Diego", "Alice");
        Add(4000, "Alice", "Diego");
        Add(2000, "Diego");

        var result = Raire.Generate(Contest, ["Alice", "Bob", "Chuan", "Diego"], "Chuan", ballots);

        Assert.True(result.IsSuccess, result.Problem);
        Assert.Equal(27.0, result.Difficulty, 12);
        Assert.Equal(
            [
                "Chuan NEB Bob: 4000",
                "Alice > Bob if only {Alice, Bob, Chuan, Diego} remain: 3000",
                "Alice > Diego if only {Alice, Chuan, Diego} remain: 500",
                "Chuan > Alice if only {Alice, Chuan} remain: 500",
                "Chuan > Diego if only {Alice, Chuan, Diego} remain: 2500",
            ],
            result.Assertions.Select(a => DescribeLead(a, 13500)));
    }

    /// <summary>The assertions hold on the reported ballots: each margin is 2·mean(assorter) − 1 over the cards, and positive.</summary>
    [Fact]
    public void Generate_RaireNotebookExample_MarginsAreAssorterMargins()
    {
        var ballots = AlpineBallots();
        var cards = ballots.Select((b, i) => Card.WithRanking(i.ToString(System.Globalization.CultureInfo.InvariantCulture), Contest, b)).ToList();
        var result = Raire.Generate(Contest, ["Alpine", "Beach", "Canyon", "Desert"], "Alpine", ballots);

        foreach (var a in result.Assertions)
        {
            Assert.True(a.Margin > 0);
            Assert.Equal(Assertion.FromCvrs(a.Assorter, cards).Margin, a.Margin, 12);
        }
    }

    /// <summary>SHANGRLA's test_rcv_assorter cases for a winner-only (NEB) and an elimination (NEN) assorter.</summary>
    [Theory]
    [InlineData("5,47", 1)]
    [InlineData("47,5", 0)]
    [InlineData("3,6", 0.5)]
    [InlineData("3,47", 0)]
    [InlineData("3,5", 0.5)]
    public void NebAssorter_RanksWinnerFirstOrLoserAbove(string ranking, double expected) =>
        Assert.Equal(expected, new NebAssorter(Contest, "5", "47").Assort(Card.WithRanking("1", Contest, ranking.Split(','))));

    /// <summary>"27 beats 26 when 28 and 50 are eliminated" (remaining 27, 26), as in SHANGRLA's test_rcv_assorter.</summary>
    [Theory]
    [InlineData("27", 1)]
    [InlineData("50,27", 1)]
    [InlineData("28,50,27", 1)]
    [InlineData("28,27,50", 1)]
    [InlineData("26", 0)]
    [InlineData("50,26", 0)]
    [InlineData("28,50,26", 0)]
    [InlineData("50", 0.5)]
    [InlineData("", 0.5)]
    [InlineData("50,28", 0.5)]
    public void NenAssorter_TopChoiceAmongRemaining(string ranking, double expected)
    {
        var prefs = ranking.Length == 0 ? [] : ranking.Split(',');
        Assert.Equal(expected, new NenAssorter(Contest, "27", "26", ["27", "26"]).Assort(Card.WithRanking("1", Contest, prefs)));
    }

    /// <summary>A two-way tie for last place in the first round leaves an alternative winner no true assertion can rule out.</summary>
    [Fact]
    public void Generate_TiedCount_ReportsProblem()
    {
        IReadOnlyList<string>[] ballots = [["A"], ["A"], ["A"], ["B", "C"], ["C", "B"]];
        var result = Raire.Generate(Contest, ["A", "B", "C"], "A", ballots);

        Assert.True(result.IsSuccess); // A has a majority whatever happens to B and C.
        var tied = Raire.Generate(Contest, ["A", "B", "C"], "B", [["A", "B"], ["A", "C"], ["B"], ["B"], ["C"], ["C"]]);
        Assert.False(tied.IsSuccess);
        Assert.Empty(tied.Assertions);
    }

    /// <summary>A reported winner who did not win cannot be confirmed: Beach loses the Alpine contest's final round 25 to 30.</summary>
    [Fact]
    public void Generate_WrongReportedWinner_ReportsProblem()
    {
        var result = Raire.Generate(Contest, ["Alpine", "Beach", "Canyon", "Desert"], "Beach", AlpineBallots());
        Assert.False(result.IsSuccess);
        Assert.True(double.IsPositiveInfinity(result.Difficulty));
    }

    /// <summary>Twelve candidates (a clear winner with 330 first preferences, eleven minor ones with 30 each, whose
    /// ballots all rank the winner second): "winner NEB minor" (330 v 30) rules out each minor candidate at the root,
    /// and nothing deeper is easier, so the search stops there with eleven assertions.</summary>
    [Fact]
    public void Generate_TwelveCandidates_ClearWinner()
    {
        var candidates = Enumerable.Range(0, 12).Select(i => "K" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var ballots = new List<IReadOnlyList<string>>();
        for (var i = 0; i < 660; i++)
        {
            ballots.Add(i % 2 == 0 ? [candidates[0]] : [candidates[1 + i % 11], candidates[0]]);
        }

        var result = Raire.Generate(Contest, candidates, candidates[0], ballots);
        Assert.True(result.IsSuccess, result.Problem);
        Assert.True(result.Assertions.Count == 11, string.Join("; ", result.Assertions.Select(Describe)));
        Assert.Equal(660.0 / 300, result.Difficulty, 12);
        Assert.All(result.Assertions, a => Assert.IsType<NebAssorter>(a.Assorter));
    }

    /// <summary>Ranked CVRs read as RAIRE reads them: rank order, repeats ignored, stop at an overvote, skips closed up.</summary>
    [Fact]
    public void Preferences_RankedCvr_EffectiveRanking()
    {
        var cvr = new RankedCvr("b1", Contest, null, null,
            [new RankedChoice(4, "D"), new RankedChoice(1, "A"), new RankedChoice(3, "A"), new RankedChoice(3, "C"), new RankedChoice(2, "A")]);
        Assert.Equal(["A"], Card.Preferences(cvr));
        var skipped = new RankedCvr("b2", Contest, null, null, [new RankedChoice(3, "C"), new RankedChoice(1, "B"), new RankedChoice(5, "B")]);
        Assert.Equal(["B", "C"], Card.Preferences(skipped));
        var overvote = new RankedCvr("b3", Contest, null, null, [new RankedChoice(1, "C"), new RankedChoice(2, RankedCvr.Overvote), new RankedChoice(3, "A")]);
        Assert.Equal(["C"], Card.Preferences(overvote));
    }

    /// <summary>
    /// On 400 small contests drawn deterministically (3–5 candidates and write-ins, 20–150 ranked CVRs): whenever the count has no
    /// ties, RAIRE succeeds; every assertion is true on the reported ballots (margin = 2·mean − 1 &gt; 0); and, checked by
    /// brute force over every elimination order, each order that ends with another winner is contradicted by some assertion.
    /// </summary>
    [Fact]
    public void Generate_SmallContests_AssertionsHoldAndRuleOutEveryOtherWinner()
    {
        var source = new Sha256IndexSource("raire-properties");
        var checkedContests = 0;
        for (var trial = 0; trial < 400; trial++)
        {
            var k = 3 + source.Next(3);
            var candidates = Enumerable.Range(0, k).Select(i => ((char)('A' + i)).ToString()).ToArray();
            var cvrs = new List<RankedCvr>();
            var n = 20 + source.Next(131);
            for (var b = 0; b < n; b++)
            {
                var pool = candidates.Append(RankedCvr.UndeclaredWriteIn).ToList();
                var length = source.Next(k + 1);
                var choices = ImmutableArray.CreateBuilder<RankedChoice>();
                for (var r = 1; r <= length; r++)
                {
                    var pick = pool[source.Next(pool.Count)];
                    pool.Remove(pick);
                    choices.Add(new RankedChoice(r, pick));
                }

                cvrs.Add(new RankedCvr("b" + b, Contest, null, null, choices.ToImmutable()));
            }

            var ballots = cvrs.Select(Card.Preferences).ToList();
            var (winner, strict) = IrvByHand(candidates, ballots);
            var result = Raire.Generate(Contest, candidates, winner, cvrs);
            if (!strict)
            {
                continue;
            }

            checkedContests++;
            Assert.True(result.IsSuccess, result.Problem);
            var cards = cvrs.Select(c => Card.FromRanked(c, Contest)).ToList();
            foreach (var a in result.Assertions)
            {
                Assert.True(a.Margin > 0, Describe(a));
                Assert.Equal(Assertion.FromCvrs(a.Assorter, cards).Margin, a.Margin, 12);
            }

            foreach (var order in Permutations(candidates).Where(o => o[^1] != winner))
            {
                Assert.True(result.Assertions.Any(a => ContradictsByHand(a, order)),
                    $"trial {trial}: order {string.Join(" ", order)} is not ruled out by {string.Join("; ", result.Assertions.Select(Describe))}");
            }
        }

        Assert.True(checkedContests > 200, $"only {checkedContests} contests without ties");
    }

    /// <summary>The Alpine contest audited by comparison with ALPHA: the paper matches every CVR, so sampling every card
    /// (without replacement) confirms every assertion; one card whose paper shows Beach instead of Alpine raises the risk.</summary>
    [Fact]
    public void ComparisonRisk_RaireAssertions_ConfirmWhenPaperMatches()
    {
        var ballots = AlpineBallots();
        var cards = ballots.Select((b, i) => Card.WithRanking("c" + i, Contest, b)).ToList();
        var result = Raire.Generate(Contest, ["Alpine", "Beach", "Canyon", "Desert"], "Alpine", ballots);
        var order = Enumerable.Range(0, cards.Count).Select(i => (i * 23) % cards.Count).ToList();

        foreach (var a in result.Assertions)
        {
            var test = a.Test(ShangrlaAuditType.CardComparison, cards.Count);
            var clean = a.ComparisonRisk(test, order.Take(30).Select(i => (cards[i], cards[i])));
            var full = a.ComparisonRisk(test, order.Select(i => (cards[i], cards[i])));
            var wrongPaper = order.Take(30).Select(i => (cards[i], i == order[0] ? Card.WithRanking("x", Contest, ["Beach"]) : cards[i]));
            var dirty = a.ComparisonRisk(test, wrongPaper);
            Assert.True(clean.PValue < 1);
            Assert.Equal(0, full.PValue);
            Assert.True(dirty.PValue >= clean.PValue, Describe(a));
        }
    }

    private static List<IReadOnlyList<string>> AlpineBallots()
    {
        var ballots = new List<IReadOnlyList<string>>();
        void Add(int count, params string[] prefs) => ballots.AddRange(Enumerable.Repeat<IReadOnlyList<string>>(prefs, count));
        Add(10, "Alpine", "Beach", "Canyon");
        Add(10, "Alpine", "Beach", "Desert");
        Add(25, "Beach");
        Add(6, "Canyon", "Alpine", "Beach");
        Add(4, "Desert", "Alpine", "Beach");
        return ballots;
    }

    private static string Describe(Assertion a) => DescribeLead(a, 55) + "/55";

    /// <summary>An assertion and its lead in votes (margin × ballots).</summary>
    private static string DescribeLead(Assertion a, int ballots)
    {
        var lead = Math.Round(a.Margin * ballots, 9).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return a.Assorter switch
        {
            NebAssorter neb => $"{neb.Winner} NEB {neb.Loser}: {lead}",
            NenAssorter nen => $"{nen.Winner} > {nen.Loser} if only {{{string.Join(", ", nen.Remaining)}}} remain: {lead}",
            _ => a.ToString(),
        };
    }

    /// <summary>IRV by hand: eliminate the candidate with the fewest top-choice votes among those standing; reports
    /// whether every elimination was strict (no tie for last place).</summary>
    private static (string Winner, bool Strict) IrvByHand(IReadOnlyList<string> candidates, IReadOnlyList<IReadOnlyList<string>> ballots)
    {
        var standing = candidates.ToList();
        var strict = true;
        while (standing.Count > 1)
        {
            var tally = standing.ToDictionary(c => c, _ => 0, StringComparer.Ordinal);
            foreach (var b in ballots)
            {
                var top = b.FirstOrDefault(standing.Contains);
                if (top is not null)
                {
                    tally[top]++;
                }
            }

            var min = tally.Values.Min();
            var last = standing.Where(c => tally[c] == min).ToList();
            strict &= last.Count == 1;
            standing.Remove(last[0]);
        }

        return (standing[0], strict);
    }

    /// <summary>The assertion's meaning, checked against one full elimination order (first eliminated first).</summary>
    private static bool ContradictsByHand(Assertion a, IReadOnlyList<string> order)
    {
        switch (a.Assorter)
        {
            case NebAssorter neb:
                // "winner is not eliminated before loser"
                return order.ToList().IndexOf(neb.Winner) < order.ToList().IndexOf(neb.Loser);
            case NenAssorter nen:
                // "when exactly Remaining stand, loser has fewer votes than winner, so winner is not eliminated next"
                var standing = order.Count - nen.Remaining.Count;
                return standing >= 0
                    && order.Skip(standing).Order(StringComparer.Ordinal).SequenceEqual(nen.Remaining)
                    && order[standing] == nen.Winner;
            default:
                return false;
        }
    }

    private static IEnumerable<string[]> Permutations(string[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }

        for (var i = 0; i < items.Length; i++)
        {
            foreach (var rest in Permutations([.. items.Take(i), .. items.Skip(i + 1)]))
            {
                yield return [items[i], .. rest];
            }
        }
    }
}
