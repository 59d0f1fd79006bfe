using System.Collections.Immutable;
using Canvass.Domain.Facts;
using Canvass.Domain.Finality;
using static Canvass.Domain.Tests.Finality.FinalityElection;

namespace Canvass.Domain.Tests.Finality;

public sealed class FinalityEvaluatorTests
{
    private const string Us = "us-president-2020";

    private static FinalityPolicy Policy(string name) => FinalityPolicy.Parse(name).Value;

    private static RaceCalled Call(string desk, DateTimeOffset at, string contest = Us) => new(contest, desk, "cand-biden", null, "test", at, null);

    private static IContestFact[] MediaCalls() =>
    [
        Call("DDHQ", At(11, 6, 8, 50)),
        Call("CNN", At(11, 7, 11, 24)), Call("NBC", At(11, 7, 11, 25)), Call("CBS", At(11, 7, 11, 25)),
        Call("AP", At(11, 7, 11, 26)), Call("ABC", At(11, 7, 11, 28)), Call("FOX", At(11, 7, 11, 40)),
    ];

    private static ElectorVotesCast Cast(string unit, int biden, int trump) =>
        new(Us, unit, biden + trump, [new NamedCount("cand-biden", biden), new NamedCount("cand-trump", trump)], "test", At(12, 14), null);

    [Fact]
    public void MediaCall_DdhqAloneIsNotAMajority_TurnsFinalWithTheFourthDeskOnSevenNovember()
    {
        var evaluator = Evaluator(MediaCalls());
        var policy = Policy("media-call");

        Assert.False(evaluator.Evaluate(policy, Us, At(11, 6, 23)).Final);
        var flip = Assert.Single(evaluator.Flips(policy, Us));
        Assert.True(flip.Final);
        Assert.Equal(At(11, 7, 11, 25), flip.At);
        var answer = evaluator.Evaluate(policy, Us, At(11, 8));
        Assert.True(answer.Final);
        Assert.Equal(At(11, 7, 11, 25), answer.Since);
        Assert.Contains(answer.Reasons, r => r.StartsWith("called_by_majority: 7 of 7 decision desks call cand-biden", StringComparison.Ordinal));
        Assert.Equal([2L, 3, 4, 5, 6, 7, 8], answer.Positions);
    }

    [Fact]
    public void MediaCall_ARetraction_FlipsItBack()
    {
        var evaluator = Evaluator([.. MediaCalls(), new RaceCallRetracted(Us, "FOX", "too close", "test", At(11, 9), null)]);

        var flips = evaluator.Flips(Policy("media-call"), Us);

        Assert.Equal([true, false], flips.Select(f => f.Final));
        Assert.Equal(At(11, 9), flips[1].At);
        Assert.Equal(9, flips[1].Position);
        Assert.Contains(flips[1].Reasons, r => r.Contains("FOX retracted", StringComparison.Ordinal));
    }

    [Fact]
    public void Custom_NationalContest_TurnsFinalWhenTheElectorsHaveVoted_NotBefore()
    {
        IContestFact[] facts =
        [
            .. MediaCalls(),
            new LegalChallengeFiled(Us, "Supreme Court of the United States", "22O155", "State of Texas", ["unconstitutional changes to election rules"], "test", At(12, 7), null),
            new LegalChallengeRuled(Us, "22O155", "Supreme Court of the United States", "denied", "leave to file denied", "test", At(12, 11), null),
            new LegalChallengeClosed(Us, "22O155", "denied", "test", At(12, 11), null),
            Cast("CA", 55, 0), Cast("TX", 0, 38), Cast("REST", 251, 194),
            new CongressCounted(Us, [new NamedCount("cand-biden", 306), new NamedCount("cand-trump", 232)], "test", At(1, 7, 3, 41, 2021), null),
        ];
        var evaluator = Evaluator(facts);

        Assert.False(evaluator.Evaluate(Policy("custom"), Us, At(12, 13, 23, 59)).Final);
        var custom = Assert.Single(evaluator.Flips(Policy("custom"), Us));
        Assert.Equal(At(12, 14), custom.At);
        Assert.Contains(custom.Reasons, r => r.StartsWith("electors_cast: 538 of 538 electors voted", StringComparison.Ordinal));
        Assert.Equal(At(1, 7, 3, 41, 2021), Assert.Single(evaluator.Flips(Policy("electoral"), Us)).At);
        Assert.Equal(At(11, 7, 11, 25), Assert.Single(evaluator.Flips(Policy("media-call"), Us)).At);
    }

    [Fact]
    public void ElectorsCast_AUnitRecordedAgainUnderAnotherCode_CountsOnce()
    {
        // GA and ga-at-large are Georgia's 16 electors, as canvass electoral reads them: the second record corrects the
        // first. Michigan's 16 are never recorded, so 522 of 538 have voted, not 538.
        var evaluator = Evaluator(Cast("GA", 0, 16), Cast("ga-at-large", 16, 0), Cast("REST", 290, 216));

        var answer = evaluator.Evaluate(Policy("electors_cast"), Us, At(12, 20));

        Assert.False(answer.Final);
        Assert.Contains(answer.Reasons, r => r.StartsWith("electors_cast: 522 of 538 electors voted in 2 units", StringComparison.Ordinal));
        Assert.Equal([3L, 4], answer.Positions);
        Assert.Empty(evaluator.Flips(Policy("electors_cast"), Us));
    }

    /// <summary>A unit's record corrected after the count must not read as if its electors voted then: the answer turned
    /// when Congress counted, and the reason said the electors last voted after it.</summary>
    [Fact]
    public void Electoral_AUnitRecordReplacedAfterTheCount_ReasonKeepsWhenTheElectorsVoted_AndNamesTheCorrection()
    {
        var evaluator = Evaluator(
            Cast("GA", 16, 0), Cast("REST", 290, 232) with { At = At(12, 14, 17) },
            new CongressCounted(Us, [new NamedCount("cand-biden", 306), new NamedCount("cand-trump", 232)], "test", At(1, 7, 3, 41, 2021), null),
            Cast("GA", 16, 0) with { At = At(1, 10, year: 2021) });

        var answer = evaluator.Evaluate(Policy("electoral"), Us, At(2, 1, year: 2021));

        Assert.True(answer.Final);
        Assert.Equal(At(1, 7, 3, 41, 2021), answer.Since);
        Assert.Contains("electors_cast: 538 of 538 electors voted in 2 units; last at 2020-12-14T17:00-05:00 (GA's record replaced at 2021-01-10T12:00-05:00)", answer.Reasons);
    }

    [Fact]
    public void Custom_WhileAChallengeIsPending_IsNotLegallyFinal()
    {
        var evaluator = Evaluator(
            new LegalChallengeFiled(Us, "court", "1", "someone", [], "test", At(12, 10), null),
            Cast("ALL", 306, 232));

        var answer = evaluator.Evaluate(Policy("custom"), Us, At(12, 20));

        Assert.False(answer.Final);
        Assert.Null(answer.Since);
        Assert.Contains(answer.Reasons, r => r.StartsWith("challenge_pending: 1 pending", StringComparison.Ordinal));
    }

    /// <summary>A challenge appealed on 20 November read "pending since" the appeal, as if it had been filed then.</summary>
    [Fact]
    public void ChallengePending_AfterARulingOrAnAppeal_SaysWhichStepItWas_NotThatItWasPendingSinceThen()
    {
        const string Ga = "cc-ga-president";
        var filed = new LegalChallengeFiled(Ga, "N.D. Ga.", "1:20-cv-04651", "L. Lin Wood, Jr.", [], "test", At(11, 13), null);
        var ruled = new LegalChallengeRuled(Ga, "1:20-cv-04651", "N.D. Ga.", "denied", null, "test", At(11, 20, 10), null);
        var evaluator = Evaluator(filed, ruled, new LegalChallengeAppealed(Ga, "1:20-cv-04651", "11th Cir.", "L. Lin Wood, Jr.", "test", At(11, 20, 16), null));
        var policy = Policy("challenge_pending");

        Assert.Equal(["challenge_pending: 1:20-cv-04651 pending since 2020-11-13T12:00-05:00"], evaluator.Evaluate(policy, Ga, At(11, 14)).Reasons);
        Assert.Equal(["challenge_pending: 1:20-cv-04651 pending: ruled (denied) by N.D. Ga. at 2020-11-20T10:00-05:00"], evaluator.Evaluate(policy, Ga, At(11, 20, 12)).Reasons);
        Assert.Equal(["challenge_pending: 1:20-cv-04651 pending: appealed to 11th Cir. at 2020-11-20T16:00-05:00"], evaluator.Evaluate(policy, Ga, At(11, 21)).Reasons);
    }

    [Fact]
    public void Concession_TurnsCustomFinal_AndItsWithdrawalTurnsItBack()
    {
        var evaluator = Evaluator(
            new ConcessionMade("cc-ga-president", "cand-trump", "statement", "test", At(11, 10), null),
            new ConcessionWithdrawn("cc-ga-president", "cand-trump", "test", At(11, 12), null));

        var flips = evaluator.Flips(Policy("custom"), "cc-ga-president");

        Assert.Equal([(true, At(11, 10)), (false, At(11, 12))], flips.Select(f => (f.Final, f.At)));
    }

    [Fact]
    public void LegallyFinal_Georgia_WaitsForTheRecountRecertificationAndTheContestWindow()
    {
        const string Ga = "cc-ga-president";
        var evaluator = Evaluator(
            new AuditResultRecorded(Ga, "hand-count", "passed", "full hand tally confirmed the outcome", "test", At(11, 19), null),
            Certify(Ga, "ga-secretary-of-state", At(11, 20, 17), GaCertified, false, "ga-secretary-of-state"),
            new RecountRequested(Ga, "Trump campaign", null, "test", At(11, 21), null),
            new RecountStarted(Ga, "machine", "test", At(11, 24), null),
            Recount(Ga, At(12, 4), GaRecount),
            Certify(Ga, "ga-secretary-of-state", At(12, 7, 11), GaRecount, true, "ga-secretary-of-state"));

        var legally = evaluator.Flips(Policy("legally-final"), Ga);
        var audit = evaluator.Flips(Policy("audit-confirmed"), Ga);
        var certified = evaluator.Flips(Policy("certified"), Ga);

        // Five days after the 7 December recertification (O.C.G.A. §21-2-524(a)): the window closes at midnight Eastern.
        Assert.Equal(new DateTimeOffset(2020, 12, 13, 0, 0, 0, TimeSpan.FromHours(-5)), Assert.Single(legally).At);
        Assert.Equal(At(11, 20, 17), audit[0].At);
        Assert.Equal([(true, At(11, 20, 17)), (false, At(12, 4)), (true, At(12, 7, 11))], certified.Select(f => (f.Final, f.At)));
        var pending = evaluator.Evaluate(Policy("legally-final"), Ga, At(11, 30));
        Assert.Contains(pending.Reasons, r => r.StartsWith("recount_pending: recount requested by Trump campaign", StringComparison.Ordinal));
    }

    [Fact]
    public void LegallyFinal_AfterTheRecountIsRecertified_SaysSo_NotThatNoRecountWasRequested()
    {
        const string Ga = "cc-ga-president";
        var evaluator = Evaluator(
            Certify(Ga, "ga-secretary-of-state", At(11, 20, 17), GaCertified, false, "ga-secretary-of-state"),
            new RecountRequested(Ga, "Trump campaign", null, "test", At(11, 21), null),
            Recount(Ga, At(12, 4), GaRecount),
            Certify(Ga, "ga-secretary-of-state", At(12, 7, 11), GaRecount, true, "ga-secretary-of-state"));

        var answer = evaluator.Evaluate(Policy("legally-final"), Ga, At(12, 20));

        Assert.True(answer.Final);
        Assert.Contains("recount_pending: the recount completed at 2020-12-04T12:00-05:00 was recertified at 2020-12-07T11:00-05:00", answer.Reasons);
        Assert.Contains(answer.Reasons, r => r.Contains("(1 signature, tally", StringComparison.Ordinal));
        Assert.Contains(4L, answer.Positions); // the recount (the election is position 1)
    }

    [Fact]
    public void RecountTriggered_UsesTheRulesOfTheElectionYear()
    {
        var az = Evaluator(Certify("cc-az-president", "az-state-canvass", At(11, 30), AzCertified, false, "az-secretary-of-state", "az-governor", "az-attorney-general"));

        var answer = az.Evaluate(FinalityPolicy.Parse("recount_triggered").Value, "cc-az-president", At(12, 1));

        // 10,457 votes of 3,333,829 for the top two is 0.3137%: above the 0.1% that applied in 2020.
        Assert.False(answer.Final);
        Assert.Contains("= 0.3137% of the top two; threshold ≤ 0.1%", answer.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void RecountTriggered_AbsoluteVotesThreshold_IsAutomaticWithinIt()
    {
        (string, long)[] close = [("cs-mi-biden", 2_000_000), ("cs-mi-trump", 1_998_000)];
        var mi = Evaluator(Certify("cc-mi-president", "mi-board-of-state-canvassers", At(11, 23), close, false, "mi-bsc-bradshaw", "mi-bsc-van-langevelde", "mi-bsc-matuzak"));

        Assert.True(mi.Evaluate(FinalityPolicy.Parse("recount_triggered and recount_pending").Value, "cc-mi-president", At(11, 24)).Final);
    }

    internal static RecountCompleted Recount(string contest, DateTimeOffset at, (string Id, long Votes)[] tally)
    {
        ImmutableArray<NamedCount> counts = [.. tally.Select(t => new NamedCount(t.Id, t.Votes))];
        return new RecountCompleted(contest, counts, TallyHash.Compute(contest, counts), null, "test", at, null);
    }
}
