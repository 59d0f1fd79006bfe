using Canvass.Domain.Facts;
using Canvass.Domain.Finality;
using static Canvass.Domain.Tests.Finality.FinalityElection;

namespace Canvass.Domain.Tests.Finality;

/// <summary>The same facts recorded in another order give the same answers at every moment: facts count from their own
/// time, then log position, and a recertification is the second certification at a level in that order, whatever the
/// event's own <see cref="ContestCertified.Recertification"/> (what was known when it was recorded) says.</summary>
public sealed class RecordingOrderTests
{
    private const string Ga = "cc-ga-president";
    private const string Az = "cc-az-president";

    private static readonly string[] Policies =
    [
        "certified", "recertified", "legally-final", "custom", "recount_pending", "recount_triggered", "contest_window_closed",
    ];

    private static readonly (string, long)[] AzClose = [("cs-az-biden", 1_000_500), ("cs-az-trump", 1_000_000), ("cs-az-jorgensen", 50_000)];
    private static readonly (string, long)[] AzRecount = [("cs-az-biden", 1_000_480), ("cs-az-trump", 1_000_000), ("cs-az-jorgensen", 50_000)];

    private static FinalityPolicy Policy(string text) => FinalityPolicy.Parse(text).Value;

    private static ContestCertified GaCert(DateTimeOffset at, (string, long)[] tally, bool recordedAsRecertification) =>
        Certify(Ga, "ga-secretary-of-state", at, tally, recordedAsRecertification, "ga-secretary-of-state");

    private static ContestCertified AzCert(DateTimeOffset at, (string, long)[] tally, bool recordedAsRecertification) =>
        Certify(Az, "az-state-canvass", at, tally, recordedAsRecertification, "az-secretary-of-state", "az-governor", "az-attorney-general");

    [Fact]
    public void Recertified_TwoCertificationsRecordedInEitherOrder_TheLaterInTimeIsTheRecertification()
    {
        // Each store's events say what `canvass record certify` computed at the time: in the reversed store, the
        // 25 November certification was recorded first, so it says it is not a recertification.
        var inOrder = Evaluator(GaCert(At(11, 20), GaCertified, false), GaCert(At(11, 25), GaCertified, true));
        var reversed = Evaluator(GaCert(At(11, 25), GaCertified, false), GaCert(At(11, 20), GaCertified, false));

        foreach (var evaluator in new[] { inOrder, reversed })
        {
            Assert.Equal(At(11, 25), Assert.Single(evaluator.Flips(Policy("recertified"), Ga)).At);
            Assert.StartsWith("recertified: certified once, not recertified: certified at state level", evaluator.Evaluate(Policy("recertified"), Ga, At(11, 22)).Reasons[0], StringComparison.Ordinal);
            Assert.StartsWith("recertified: recertified at state level", evaluator.Evaluate(Policy("recertified"), Ga, At(11, 26)).Reasons[0], StringComparison.Ordinal);
        }

        AssertSameAnswers(inOrder, reversed, Ga);
    }

    [Fact]
    public void LegallyFinal_RecountRecertificationRecordedBeforeTheFirstCertification_ClosesTheRecountAllTheSame()
    {
        IContestFact[] recount =
        [
            new RecountRequested(Ga, "Trump campaign", null, "test", At(11, 21), null),
            new RecountStarted(Ga, "machine", "test", At(11, 24), null),
            FinalityEvaluatorTests.Recount(Ga, At(12, 4), GaRecount),
        ];
        var inOrder = Evaluator([GaCert(At(11, 20), GaCertified, false), .. recount, GaCert(At(12, 7), GaRecount, true)]);
        var recertificationFirst = Evaluator([GaCert(At(12, 7), GaRecount, false), GaCert(At(11, 20), GaCertified, false), .. recount]);

        foreach (var evaluator in new[] { inOrder, recertificationFirst })
        {
            // Five days after the 7 December recertification, at midnight Eastern.
            Assert.Equal(new DateTimeOffset(2020, 12, 13, 0, 0, 0, TimeSpan.FromHours(-5)), Assert.Single(evaluator.Flips(Policy("legally-final"), Ga)).At);
            Assert.Equal([(true, At(11, 20)), (false, At(12, 4)), (true, At(12, 7))], evaluator.Flips(Policy("certified"), Ga).Select(f => (f.Final, f.At)));
            // The recount rule applies to the first certified tally (12,670 votes), never to the recount's.
            Assert.Equal(12_670L, evaluator.Recount(Ga, At(12, 20))!.Margin);
        }

        AssertSameAnswers(inOrder, recertificationFirst, Ga);
    }

    [Fact]
    public void RecountPending_AutomaticRecount_CompletedBeforeABackdatedCertificationWasRecorded_IsNotPendingOnceRecertified()
    {
        // Arizona 2020: an automatic recount within 0.1% of the top two. The second store recorded the 30 November
        // certification and the recount before the 29 November one.
        var inOrder = Evaluator(AzCert(At(11, 29), AzClose, false), AzCert(At(11, 30), AzClose, true),
            FinalityEvaluatorTests.Recount(Az, At(12, 10), AzRecount), AzCert(At(12, 14), AzRecount, true));
        var backdated = Evaluator(AzCert(At(11, 30), AzClose, false), FinalityEvaluatorTests.Recount(Az, At(12, 10), AzRecount),
            AzCert(At(11, 29), AzClose, false), AzCert(At(12, 14), AzRecount, true));

        foreach (var evaluator in new[] { inOrder, backdated })
        {
            Assert.Equal([(true, At(11, 29)), (false, At(12, 14))], evaluator.Flips(Policy("recount_pending"), Az).Select(f => (f.Final, f.At)));
        }

        AssertSameAnswers(inOrder, backdated, Az);
    }

    /// <summary>Every policy's flips, and every answer and deadline at noon on each day from election day to the end of
    /// January, are the same in both stores (the log positions aside).</summary>
    private static void AssertSameAnswers(FinalityEvaluator a, FinalityEvaluator b, string contest)
    {
        foreach (var text in Policies)
        {
            var policy = Policy(text);
            Assert.Equal(a.Flips(policy, contest).Select(f => (f.Final, f.At)), b.Flips(policy, contest).Select(f => (f.Final, f.At)));
            for (var day = At(11, 3); day <= At(1, 31, year: 2021); day = day.AddDays(1))
            {
                var (x, y) = (a.Evaluate(policy, contest, day), b.Evaluate(policy, contest, day));
                Assert.True((x.Final, x.Since) == (y.Final, y.Since), $"{text} at {day:O}: {x.Final} since {x.Since:O} / {y.Final} since {y.Since:O}");
                Assert.Equal(x.Reasons, y.Reasons);
            }
        }

        for (var day = At(11, 3); day <= At(1, 31, year: 2021); day = day.AddDays(1))
        {
            Assert.Equal(a.Deadlines(contest, day), b.Deadlines(contest, day));
            Assert.Equal(a.Recount(contest, day)?.Margin, b.Recount(contest, day)?.Margin);
        }
    }
}
