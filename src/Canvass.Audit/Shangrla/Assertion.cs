namespace Canvass.Audit.Shangrla;

/// <summary>How the paper is compared with the count.</summary>
public enum ShangrlaAuditType
{
    /// <summary>Ballot polling: the test sees the assorter applied to each sampled card's MVR.</summary>
    Polling,

    /// <summary>Card-level comparison: the test sees the overstatement assorter of each (CVR, MVR) pair.</summary>
    CardComparison,
}

/// <summary>
/// A SHANGRLA assertion: "the mean of <see cref="Assorter"/> over the cards is greater than ½", with its reported
/// assorter margin v = 2·mean − 1.
/// </summary>
/// <remarks>Immutable; thread-safe.</remarks>
/// <param name="Assorter">The assorter.</param>
/// <param name="Margin">The reported assorter margin (from the CVRs or the tally).</param>
public sealed record Assertion(Assorter Assorter, double Margin)
{
    /// <summary>Upper bound of the overstatement assorter: 2/(2 − v/u).</summary>
    public double ComparisonUpperBound => 2 / (2 - Margin / Assorter.UpperBound);

    /// <summary>An assertion whose margin is measured on the reported CVRs: 2·mean(A) − 1.</summary>
    public static Assertion FromCvrs(Assorter assorter, IEnumerable<Card> cvrs, bool useStyle = true)
    {
        ArgumentNullException.ThrowIfNull(assorter);
        return new Assertion(assorter, 2 * assorter.Mean(cvrs, useStyle) - 1);
    }

    /// <summary>SHANGRLA's <c>find_margin_from_tally</c> for plurality and approval: (votes_w − votes_ℓ)/cards.</summary>
    public static double MarginFromTally(long winnerVotes, long loserVotes, long cards) =>
        (double)(winnerVotes - loserVotes) / cards;

    /// <summary>SHANGRLA's supermajority margin: q(p/f − 1), q = valid votes/cards, p = winner's votes/cards.</summary>
    public static double SupermajorityMarginFromTally(long winnerVotes, long validVotes, long cards, double shareToWin) =>
        (double)validVotes / cards * ((double)winnerVotes / cards / shareToWin - 1);

    /// <summary>The overstatement assorter for one sampled card: (1 − ω/u)/(2 − v/u), ω = A(CVR) − A(MVR)
    /// (<paramref name="tallyPoolMeans"/>: ONEAudit's pool means for pooled CVRs).</summary>
    public double OverstatementAssorter(Card mvr, Card cvr, bool useStyle = true, IReadOnlyDictionary<string, double>? tallyPoolMeans = null) =>
        (1 - Assorter.Overstatement(mvr, cvr, useStyle, tallyPoolMeans) / Assorter.UpperBound) / (2 - Margin / Assorter.UpperBound);

    /// <summary>The overstatement assorter's value for an overstatement of <paramref name="overs"/> (a multiple of u).</summary>
    public double MakeOverstatement(double overs) =>
        (1 - overs / Assorter.UpperBound) / (2 - Margin / Assorter.UpperBound);

    /// <summary>Expected overstatement-assorter mean for rates r₁ (one-vote) and r₂ (two-vote): (1 − r₁/2 − r₂)/(2 − v/u).</summary>
    public double OverstatementAssorterMean(double errorRate1 = 0, double errorRate2 = 0) =>
        (1 - errorRate1 / 2 - errorRate2) / (2 - Margin / Assorter.UpperBound);

    /// <summary>The overstatement assorter's margin for rates r₁, r₂: (1 − (r₂ + r₁/2)u/v)/(2u/v − 1).</summary>
    public double OverstatementAssorterMargin(double errorRate1 = 0, double errorRate2 = 0) =>
        (1 - (errorRate2 + errorRate1 / 2) * Assorter.UpperBound / Margin) / (2 * Assorter.UpperBound / Margin - 1);

    /// <summary>The test for this assertion: u is the assorter's bound (polling) or the overstatement assorter's (comparison).</summary>
    /// <param name="type">Polling or comparison.</param>
    /// <param name="cards">N, the cards the sample is drawn from (infinity: with replacement).</param>
    /// <param name="riskFunction">Null: ALPHA with <see cref="OptimalComparison"/> (comparison) or
    /// <see cref="FixedAlternativeMean"/> at the reported assorter mean (polling).</param>
    public NonnegMean Test(ShangrlaAuditType type, double cards, RiskFunction? riskFunction = null) =>
        type == ShangrlaAuditType.CardComparison
            ? new NonnegMean(riskFunction ?? new AlphaMart(new OptimalComparison()), ComparisonUpperBound, cards)
            : new NonnegMean(riskFunction ?? new AlphaMart(new FixedAlternativeMean((Margin + 1) / 2)), Assorter.UpperBound, cards);

    /// <summary>The values a comparison audit's test sees: the overstatement assorter of each (CVR, MVR) pair, in draw order.</summary>
    public IReadOnlyList<double> ComparisonData(
        IEnumerable<(Card Cvr, Card Mvr)> sample, bool useStyle = true, IReadOnlyDictionary<string, double>? tallyPoolMeans = null)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return [.. sample.Select(p => OverstatementAssorter(p.Mvr, p.Cvr, useStyle, tallyPoolMeans))];
    }

    /// <summary>The measured risk of a comparison audit after <paramref name="sample"/> (CVR and paper, in draw order);
    /// for ONEAudit pass the pools' mean assorter values (<see cref="Assorter.TallyPoolMeans"/>).</summary>
    public RiskMeasurement ComparisonRisk(
        NonnegMean test, IEnumerable<(Card Cvr, Card Mvr)> sample, bool useStyle = true, IReadOnlyDictionary<string, double>? tallyPoolMeans = null)
    {
        ArgumentNullException.ThrowIfNull(test);
        return test.Measure(ComparisonData(sample, useStyle, tallyPoolMeans));
    }

    /// <summary>The measured risk of a polling audit after <paramref name="mvrs"/> (the paper, in draw order).</summary>
    public RiskMeasurement PollingRisk(NonnegMean test, IEnumerable<Card> mvrs)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(mvrs);
        return test.Measure([.. mvrs.Select(Assorter.Assort)]);
    }

    /// <summary>
    /// SHANGRLA's <c>Assertion.find_sample_size</c> with constructed data: for comparison, N overstatement-assorter
    /// values equal to the no-error value, except a one-vote overstatement at every ⌊1/r₁⌋-th card from the first and a
    /// two-vote overstatement (0) at every ⌊1/r₂⌋-th; for polling, the reported tally interleaved (0 for the loser,
    /// ½ for others, u for the winner, starting with a 0).
    /// </summary>
    /// <param name="test">The test (its N and u must suit the audit type; see <see cref="Test"/>).</param>
    /// <param name="riskLimit">The risk limit.</param>
    /// <param name="type">Polling or comparison.</param>
    /// <param name="rate1">Comparison: the assumed one-vote overstatement rate (null or 0: none; SHANGRLA's <c>None</c>
    /// instead assumes (1 − v)/2, so pass that explicitly to reproduce it). Polling: unused.</param>
    /// <param name="rate2">Comparison: the assumed two-vote overstatement rate.</param>
    /// <param name="tally">Polling: the reported (winner, loser) votes; every other card assorts to ½.</param>
    /// <param name="reps">Null: deterministic. Otherwise the number of bootstrap replications.</param>
    /// <param name="prefix">With <paramref name="reps"/>: start each replication with the constructed data.</param>
    /// <param name="quantile">With <paramref name="reps"/>: the quantile of the simulated sample sizes.</param>
    /// <param name="source">With <paramref name="reps"/>: the bootstrap's draws.</param>
    public int FindSampleSize(
        NonnegMean test, double riskLimit, ShangrlaAuditType type, double? rate1 = null, double? rate2 = null,
        (long Winner, long Loser)? tally = null, int? reps = null, bool prefix = false, double quantile = 0.5,
        IUniformIndexSource? source = null)
    {
        ArgumentNullException.ThrowIfNull(test);
        if (!(Margin > 0))
        {
            throw new InvalidOperationException($"the assorter margin {Margin} is not positive");
        }

        var n = checked((int)test.N);
        double[] x;
        if (type == ShangrlaAuditType.CardComparison)
        {
            var big = MakeOverstatement(0);
            var small = MakeOverstatement(0.5);
            x = new double[n];
            Array.Fill(x, big);
            if (rate1 is > 0)
            {
                for (var i = 0; i < n; i += (int)(1 / rate1.Value))
                {
                    x[i] = small;
                }
            }

            if (rate2 is > 0)
            {
                for (var i = 0; i < n; i += (int)(1 / rate2.Value))
                {
                    x[i] = 0;
                }
            }
        }
        else
        {
            var (w, l) = tally ?? throw new ArgumentException("a polling estimate needs the reported tally", nameof(tally));
            x = InterleaveValues(checked((int)l), checked(n - (int)l - (int)w), checked((int)w), big: Assorter.UpperBound);
        }

        return test.SampleSize(x, riskLimit, reps, prefix, quantile, source);
    }

    /// <summary>
    /// SHANGRLA's <c>Assertion.find_sample_size</c> with data: the sample size <paramref name="test"/> needs if the rest of
    /// the population looks like <paramref name="data"/> (e.g. <see cref="ComparisonData"/> of the cards audited so far).
    /// Without <paramref name="reps"/> the data are repeated to N; with it, <paramref name="reps"/> bootstrap populations
    /// (starting with the data when <paramref name="prefix"/>) and the <paramref name="quantile"/> of their sizes.
    /// </summary>
    public int FindSampleSize(
        NonnegMean test, double riskLimit, IReadOnlyList<double> data, int? reps = null, bool prefix = true, double quantile = 0.5,
        IUniformIndexSource? source = null)
    {
        ArgumentNullException.ThrowIfNull(test);
        if (!(Margin > 0))
        {
            throw new InvalidOperationException($"the assorter margin {Margin} is not positive");
        }

        return test.SampleSize(data, riskLimit, reps, prefix, quantile, source);
    }

    /// <summary>Plurality (vote-for-n) or approval assertions: every reported winner beat every reported loser, with
    /// margins (votes_w − votes_ℓ)/<paramref name="cards"/> from the reported tally.</summary>
    public static IReadOnlyList<Assertion> Plurality(
        string contestId, IReadOnlyList<string> winners, IReadOnlyList<string> losers, IReadOnlyDictionary<string, long> tally, long cards)
    {
        ArgumentNullException.ThrowIfNull(winners);
        ArgumentNullException.ThrowIfNull(losers);
        ArgumentNullException.ThrowIfNull(tally);
        return [.. winners.SelectMany(w => losers.Select(l =>
            new Assertion(new PluralityAssorter(contestId, w, l), MarginFromTally(tally.GetValueOrDefault(w), tally.GetValueOrDefault(l), cards))))];
    }

    /// <summary>The supermajority assertion (winner has share <paramref name="shareToWin"/> of the valid votes), with the
    /// margin q(p/f − 1) from the reported tally; every listed candidate's votes are valid votes.</summary>
    public static Assertion Supermajority(
        string contestId, string winner, IReadOnlyList<string> losers, IReadOnlyDictionary<string, long> tally, long cards, double shareToWin)
    {
        ArgumentNullException.ThrowIfNull(losers);
        ArgumentNullException.ThrowIfNull(tally);
        var valid = losers.Append(winner).Distinct(StringComparer.Ordinal).Sum(c => tally.GetValueOrDefault(c));
        return new Assertion(
            new SupermajorityAssorter(contestId, winner, losers, shareToWin),
            SupermajorityMarginFromTally(tally.GetValueOrDefault(winner), valid, cards, shareToWin));
    }

    /// <summary>
    /// SHANGRLA's <c>interleave_values</c>: <paramref name="nSmall"/> smalls, <paramref name="nMed"/> mediums and
    /// <paramref name="nBig"/> bigs spread evenly, starting with a small if there are any.
    /// </summary>
    public static double[] InterleaveValues(int nSmall, int nMed, int nBig, double small = 0, double med = 0.5, double big = 1)
    {
        var n = checked(nSmall + nMed + nBig);
        var x = new double[n];
        if (n == 0)
        {
            return x;
        }

        int iSmall = 0, iMed = 0, iBig = 0;
        double rSmall = nSmall > 0 ? 1 : 0, rMed = nMed > 0 ? 1 : 0, rBig = 1;
        if (rSmall > 0)
        {
            x[0] = small;
            iSmall = 1;
            rSmall = (double)(nSmall - iSmall) / nSmall;
        }
        else if (rMed > 0)
        {
            x[0] = med;
            iMed = 1;
            rMed = (double)(nMed - iMed) / nMed;
        }
        else
        {
            x[0] = big;
            iBig = 1;
            rBig = (double)(nBig - iBig) / nBig;
        }

        for (var i = 1; i < n; i++)
        {
            if (rSmall > rBig)
            {
                if (rMed > rSmall)
                {
                    x[i] = med;
                    iMed++;
                    rMed = (double)(nMed - iMed) / nMed;
                }
                else
                {
                    x[i] = small;
                    iSmall++;
                    rSmall = (double)(nSmall - iSmall) / nSmall;
                }
            }
            else if (rMed > rBig)
            {
                x[i] = med;
                iMed++;
                rMed = (double)(nMed - iMed) / nMed;
            }
            else
            {
                x[i] = big;
                iBig++;
                rBig = (double)(nBig - iBig) / nBig;
            }
        }

        return x;
    }
}
