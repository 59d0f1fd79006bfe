using Canvass.Domain.Facts;
using Canvass.Domain.Finality;
using static Canvass.Domain.Tests.Finality.FinalityElection;

namespace Canvass.Domain.Tests.Finality;

/// <summary>A fact the log holds already (a script run twice) is refused as <c>duplicate-id</c> naming its log position;
/// a step out of turn (a desk's second call, a concession withdrawn twice, a second count in Congress) is refused with
/// the reason; a genuinely new fact is still accepted.</summary>
public sealed class RepeatedFactTests
{
    private const string Us = "us-president-2020";
    private const string Ga = "cc-ga-president";
    private const string Mi = "cc-mi-president";

    private static FinalityPolicy Policy(string name) => FinalityPolicy.Parse(name).Value;

    private static RaceCalled Call(string desk, string winner, DateTimeOffset at) => new(Us, desk, winner, null, "test", at, null);

    private static RaceCallRetracted Retract(string desk, DateTimeOffset at) => new(Us, desk, null, "test", at, null);

    private static CongressCounted Congress(DateTimeOffset at, int biden = 306) => new(Us, [new NamedCount("cand-biden", biden), new NamedCount("cand-trump", 538 - biden)], "test", at, null);

    private static ElectorVotesCast Cast(string unit, int electors, DateTimeOffset at, string candidate = "cand-biden") =>
        new(Us, unit, electors, [new NamedCount(candidate, electors)], "test", at, null);

    /// <summary>Each kind of fact with what it needs before it, as <c>canvass record</c> would log them.</summary>
    public static TheoryData<string> Kinds() =>
    [
        "call", "retract-call", "concession", "withdraw-concession", "challenge", "ruling", "appeal", "close-challenge", "order",
        "recount-request", "recount-start", "recount-complete", "audit-result", "electors", "elector-votes", "congress-count",
    ];

    private static (IContestFact[] Before, IContestFact Fact) Scenario(string kind)
    {
        var certified = Certify(Ga, "ga-secretary-of-state", At(11, 20, 17), GaCertified, false, "ga-secretary-of-state");
        var filed = new LegalChallengeFiled(Ga, "N.D. Ga.", "1:20-cv-04651", "L. Lin Wood, Jr.", ["halt certification"], "test", At(11, 13), null);
        var requested = new RecountRequested(Ga, "Trump campaign", null, "test", At(11, 21), null);
        return kind switch
        {
            "call" => ([], Call("AP", "cand-biden", At(11, 7, 11, 25))),
            "retract-call" => ([Call("FOX", "cand-biden", At(11, 7))], Retract("FOX", At(11, 9))),
            "concession" => ([], new ConcessionMade(Us, "cand-trump", "speech", "test", At(11, 10), null)),
            "withdraw-concession" => ([new ConcessionMade(Us, "cand-trump", "speech", "test", At(11, 10), null)], new ConcessionWithdrawn(Us, "cand-trump", "test", At(11, 11), null)),
            "challenge" => ([], filed),
            "ruling" => ([filed], new LegalChallengeRuled(Ga, "1:20-cv-04651", "N.D. Ga.", "denied", null, "test", At(11, 20, 10), null)),
            "appeal" => ([filed], new LegalChallengeAppealed(Ga, "1:20-cv-04651", "11th Cir.", null, "test", At(11, 20, 16), null)),
            "close-challenge" => ([filed], new LegalChallengeClosed(Ga, "1:20-cv-04651", "dismissed", "test", At(12, 5), null)),
            "order" => ([filed], new CourtOrderIssued(Ga, "o-1", "N.D. Ga.", "1:20-cv-04651", "segregate-ballots", null, "test", At(11, 14), null)),
            "recount-request" => ([certified], requested),
            "recount-start" => ([certified, requested], new RecountStarted(Ga, "machine", "test", At(11, 24), null)),
            "recount-complete" => ([certified, requested], FinalityEvaluatorTests.Recount(Ga, At(12, 4), GaRecount)),
            "audit-result" => ([], new AuditResultRecorded(Ga, "hand-count", "passed", null, "test", At(11, 19), null)),
            "electors" => ([], new ElectorsAppointed(Us, "GA", "cand-biden", 16, "test", At(11, 20, 17), null)),
            "elector-votes" => ([], Cast("GA", 16, At(12, 14))),
            _ => ([], Congress(At(1, 7, 3, 41, 2021))),
        };
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void AnyFact_RecordedTheSameWayTwice_IsRefusedAsADuplicate_NamingTheEarlierLogPosition(string kind)
    {
        var (before, fact) = Scenario(kind);
        Assert.Empty(Evaluator(before).Check(fact));

        var problems = Evaluator([.. before, fact]).Check(fact);

        var p = Assert.Single(problems);
        Assert.Equal((ProblemCodes.DuplicateId, "at"), (p.Code, p.Path));
        Assert.Contains($"is recorded already (log position {before.Length + 2}); nothing to record again.", p.Message, StringComparison.Ordinal);
    }

    /// <summary>A retried script may carry another source or evidence link; what happened, and when, is the same.</summary>
    [Fact]
    public void AuditResult_Again_WithAnotherSourceAndEvidence_IsStillADuplicate()
    {
        var audit = new AuditResultRecorded(Ga, "hand-count", "passed", "Full hand tally", "Georgia Secretary of State", At(11, 19), null);

        var p = Assert.Single(Evaluator(audit).Check(audit with { Source = "AP", Summary = null, Evidence = "https://example.org/audit" }));

        Assert.Equal(ProblemCodes.DuplicateId, p.Code);
        Assert.StartsWith("The hand-count audit's result (passed) at 2020-11-19T12:00-05:00 is recorded already (log position 2)", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AuditResult_ALaterAudit_IsANewFact() =>
        Assert.Empty(Evaluator(new AuditResultRecorded(Ga, "hand-count", "passed", null, "test", At(11, 19), null))
            .Check(new AuditResultRecorded(Ga, "risk-limiting", "passed", null, "test", At(12, 1), null)));

    [Fact]
    public void Call_ByTheSameDeskForTheSameWinner_WithNoRetraction_IsRefused()
    {
        var p = Assert.Single(Evaluator(Call("AP", "cand-biden", At(11, 7, 11, 25))).Check(Call("ap", "cand-biden", At(11, 8))));

        Assert.Equal((ProblemCodes.Inconsistent, "caller"), (p.Code, p.Path));
        Assert.Equal("AP's call of cand-biden at 2020-11-07T11:25-05:00 stands (log position 2): a desk calls a contest again only after retracting its call (retract-call).", p.Message);
    }

    [Fact]
    public void Call_ByTheSameDeskForAnotherWinner_WithNoRetraction_IsRefused()
    {
        var p = Assert.Single(Evaluator(Call("FOX", "cand-biden", At(11, 7))).Check(Call("FOX", "cand-trump", At(11, 8))));

        Assert.Equal((ProblemCodes.Inconsistent, "caller"), (p.Code, p.Path));
        Assert.Contains("FOX called cand-biden at 2020-11-07T12:00-05:00 (log position 2) and has not retracted: record the retraction (retract-call) before its call of cand-trump.", p.Message, StringComparison.Ordinal);
    }

    /// <summary>Recorded late with an earlier time, a call would leave the desk's recorded call a second one.</summary>
    [Fact]
    public void Call_TimedBeforeTheDesksStandingCall_IsRefused()
    {
        var p = Assert.Single(Evaluator(Call("FOX", "cand-biden", At(11, 7))).Check(Call("FOX", "cand-trump", At(11, 5))));

        Assert.Equal((ProblemCodes.Inconsistent, "at"), (p.Code, p.Path));
        Assert.Contains("FOX calls cand-biden at 2020-11-07T12:00-05:00 (log position 2) with no retraction between", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Call_AfterTheDesksRetraction_IsAccepted_AndFinalitySinceIsItsTime()
    {
        var evaluator = Evaluator(Call("FOX", "cand-biden", At(11, 4)), Retract("FOX", At(11, 5)));
        var again = Call("FOX", "cand-trump", At(11, 6));

        Assert.Empty(evaluator.Check(again));
        var answer = Evaluator(Call("FOX", "cand-biden", At(11, 4)), Retract("FOX", At(11, 5)), again).Evaluate(Policy("called(FOX)"), Us, At(11, 8));
        Assert.Equal(At(11, 6), answer.Since);
        Assert.Contains(answer.Reasons, r => r.Contains("FOX called cand-trump at 2020-11-06T12:00-05:00", StringComparison.Ordinal));
    }

    [Fact]
    public void RetractCall_NeverMade_IsRefused_AndAgainAfterARetraction_NamesIt()
    {
        var never = Assert.Single(Evaluator().Check(Retract("AP", At(11, 8))));
        var twice = Assert.Single(Evaluator(Call("AP", "cand-biden", At(11, 7)), Retract("AP", At(11, 8))).Check(Retract("AP", At(11, 9))));

        Assert.Equal((ProblemCodes.Inconsistent, "caller"), (never.Code, never.Path));
        Assert.Equal("AP has no call standing in contest 'us-president-2020' to retract.", never.Message);
        Assert.Equal("AP has no call standing in contest 'us-president-2020' to retract (it retracted its call at 2020-11-08T12:00-05:00, log position 3).", twice.Message);
    }

    [Fact]
    public void RetractCall_TimedBeforeTheDesksRecordedRetraction_IsRefused()
    {
        var p = Assert.Single(Evaluator(Call("AP", "cand-biden", At(11, 7)), Retract("AP", At(11, 9))).Check(Retract("AP", At(11, 8))));

        Assert.Equal((ProblemCodes.Inconsistent, "at"), (p.Code, p.Path));
        Assert.Contains("AP's call is retracted at 2020-11-09T12:00-05:00 (log position 3) with no call between", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Concession_Again_WithNoWithdrawal_IsRefused_AndAfterAWithdrawal_IsAccepted()
    {
        var conceded = new ConcessionMade(Us, "cand-trump", "speech", "test", At(11, 10), null);
        var again = new ConcessionMade(Us, "cand-trump", "statement", "test", At(11, 12), null);

        var p = Assert.Single(Evaluator(conceded).Check(again));

        Assert.Equal((ProblemCodes.Inconsistent, "candidate"), (p.Code, p.Path));
        Assert.Contains("cand-trump's concession at 2020-11-10T12:00-05:00 stands (log position 2)", p.Message, StringComparison.Ordinal);
        Assert.Empty(Evaluator(conceded, new ConcessionWithdrawn(Us, "cand-trump", "test", At(11, 11), null)).Check(again));
    }

    [Fact]
    public void WithdrawConcession_NeverMade_OrWithdrawnAlready_IsRefused()
    {
        var conceded = new ConcessionMade(Us, "cand-trump", "speech", "test", At(11, 10), null);
        var withdrawn = new ConcessionWithdrawn(Us, "cand-trump", "test", At(11, 11), null);

        var never = Assert.Single(Evaluator().Check(withdrawn));
        var twice = Assert.Single(Evaluator(conceded, withdrawn).Check(withdrawn with { At = At(11, 12) }));

        Assert.Equal("'cand-trump' has no concession standing in contest 'us-president-2020' to withdraw.", never.Message);
        Assert.Equal("'cand-trump' has no concession standing in contest 'us-president-2020' to withdraw (it was withdrawn at 2020-11-11T12:00-05:00, log position 3).", twice.Message);
    }

    [Fact]
    public void Order_AnIdRecordedAlready_IsRefused()
    {
        var filed = new LegalChallengeFiled(Mi, "court", "20-1", "someone", [], "test", At(11, 10), null);
        var order = new CourtOrderIssued(Mi, "o-1", "court", "20-1", "halt-certification", null, "test", At(11, 12), null);

        var p = Assert.Single(Evaluator(filed, order).Check(order with { Effect = "recount", At = At(11, 13) }));

        Assert.Equal((ProblemCodes.DuplicateId, "orderId"), (p.Code, p.Path));
        Assert.Equal("Order o-1 is recorded already (log position 3: halt-certification by court at 2020-11-12T12:00-05:00); an order id names one order.", p.Message);
    }

    [Fact]
    public void CongressCount_AtAnotherTime_IsRefused_AtTheSameTime_CorrectsTheVotes()
    {
        var evaluator = Evaluator(Congress(At(1, 7, 3, 41, 2021), 305));

        var p = Assert.Single(evaluator.Check(Congress(At(1, 8, 10, 0, 2021))));
        Assert.Equal((ProblemCodes.Inconsistent, "at"), (p.Code, p.Path));
        Assert.Contains("Congress counted the electoral votes at 2021-01-07T03:41-05:00 (log position 2); it counts once.", p.Message, StringComparison.Ordinal);

        var correction = Congress(At(1, 7, 3, 41, 2021));
        Assert.Empty(evaluator.Check(correction));
        var answer = Evaluator(Congress(At(1, 7, 3, 41, 2021), 305), correction).Evaluate(Policy("congress_counted"), Us, At(2, 1, year: 2021));
        Assert.Equal(At(1, 7, 3, 41, 2021), answer.Since);
        Assert.Contains(answer.Reasons, r => r.Contains("counted at 2021-01-07T03:41-05:00: cand-biden 306, cand-trump 232", StringComparison.Ordinal));
    }

    [Fact]
    public void ElectorVotes_ALaterRecordOfTheUnit_ReplacesIt_AndAtTheSameTimeWithOtherVotes_Too()
    {
        var evaluator = Evaluator(Cast("GA", 16, At(12, 14)));

        Assert.Empty(evaluator.Check(Cast("GA", 16, At(12, 20))));
        Assert.Empty(evaluator.Check(Cast("GA", 16, At(12, 14), "cand-trump")));
    }

    [Fact]
    public void Recertification_OfAnotherTally_AtTheSameTime_IsNotADuplicate()
    {
        var first = Certify(Mi, "mi-board-of-state-canvassers", At(11, 23), MiCertified, false, "mi-bsc-bradshaw", "mi-bsc-van-langevelde", "mi-bsc-matuzak");
        var other = Certify(Mi, "mi-board-of-state-canvassers", At(11, 23), [("cs-mi-biden", 2_804_041), ("cs-mi-trump", 2_649_852), ("cs-mi-jorgensen", 60_381)], true,
            "mi-bsc-bradshaw", "mi-bsc-van-langevelde", "mi-bsc-matuzak");

        Assert.Empty(Evaluator(first).Check(other));
    }
}
