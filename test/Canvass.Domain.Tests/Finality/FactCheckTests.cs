using Canvass.Domain.Facts;
using static Canvass.Domain.Tests.Finality.FinalityElection;

namespace Canvass.Domain.Tests.Finality;

/// <summary>Facts that may not be recorded, each refused with the reason.</summary>
public sealed class FactCheckTests
{
    private const string Mi = "cc-mi-president";
    private const string Us = "us-president-2020";

    [Fact]
    public void Certify_ThreeOfFourMichiganCanvassers_IsAccepted() =>
        Assert.Empty(Evaluator().Check(Certify(Mi, "mi-board-of-state-canvassers", At(11, 23), MiCertified, false, "mi-bsc-bradshaw", "mi-bsc-van-langevelde", "mi-bsc-matuzak")));

    [Fact]
    public void Certify_TooFewSignatures_IsRefused()
    {
        var problems = Evaluator().Check(Certify(Mi, "mi-board-of-state-canvassers", At(11, 23), MiCertified, false, "mi-bsc-bradshaw", "mi-bsc-matuzak"));

        var p = Assert.Single(problems);
        Assert.Equal(ProblemCodes.Inconsistent, p.Code);
        Assert.Contains("3 of 4 officials' signatures; 2 valid signatures given", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Certify_BySomeoneWhoIsNotACertifyingOfficial_IsRefused()
    {
        var problems = Evaluator().Check(Certify(Mi, "mi-board-of-state-canvassers", At(11, 23), MiCertified, false,
            "mi-bsc-bradshaw", "mi-bsc-van-langevelde", "ga-secretary-of-state"));

        Assert.Contains(problems, p => p.Code == ProblemCodes.UnknownReference && p.Message.Contains("'ga-secretary-of-state' is not a certifying official of Michigan Board of State Canvassers", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.Contains("2 valid signatures", StringComparison.Ordinal));
    }

    [Fact]
    public void Certify_ASignatureOverAnotherTally_IsRefused()
    {
        var good = Certify(Mi, "mi-board-of-state-canvassers", At(11, 23), MiCertified, false, "mi-bsc-bradshaw", "mi-bsc-van-langevelde", "mi-bsc-matuzak");
        var other = Certify(Mi, "mi-board-of-state-canvassers", At(11, 23), [("cs-mi-biden", 1), ("cs-mi-trump", 2)], false, "mi-bsc-shinkle");
        var forged = good with { Signatures = good.Signatures.SetItem(0, new OfficialSignature("mi-bsc-bradshaw", other.Signatures[0].Signature)) };

        var problems = Evaluator().Check(forged);

        Assert.Contains(problems, p => p.Message.Contains("signature of 'mi-bsc-bradshaw' is not a valid Ed25519 signature", StringComparison.Ordinal));
    }

    [Fact]
    public void Certify_TheSameCertificationAgain_IsRefused_NotCountedAsARecertification()
    {
        var first = Certify(Mi, "mi-board-of-state-canvassers", At(11, 23), MiCertified, false, "mi-bsc-bradshaw", "mi-bsc-van-langevelde", "mi-bsc-matuzak");
        var again = first with { Recertification = true };

        var p = Assert.Single(Evaluator(first).Check(again));

        Assert.Equal(ProblemCodes.DuplicateId, p.Code);
        Assert.Equal("at", p.Path);
        Assert.Contains("certified this tally", p.Message, StringComparison.Ordinal);
        Assert.Contains("already (log position 2)", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Certify_TheSameTallyLater_IsARecertification() =>
        Assert.Empty(Evaluator(Certify(Mi, "mi-board-of-state-canvassers", At(11, 23), MiCertified, false, "mi-bsc-bradshaw", "mi-bsc-van-langevelde", "mi-bsc-matuzak"))
            .Check(Certify(Mi, "mi-board-of-state-canvassers", At(11, 24), MiCertified, true, "mi-bsc-bradshaw", "mi-bsc-van-langevelde", "mi-bsc-matuzak")));

    [Fact]
    public void Certify_ABodyOfAnotherState_IsRefused() =>
        Assert.Contains(Evaluator().Check(Certify(Mi, "ga-secretary-of-state", At(11, 23), MiCertified, false, "ga-secretary-of-state")),
            p => p.Code == ProblemCodes.UnknownReference && p.Message.Contains("not a certifying body of contest 'cc-mi-president'", StringComparison.Ordinal));

    [Fact]
    public void RecountResult_ForANeverCertifiedContest_IsRefusedWhereTheRulesRequireCertification()
    {
        var recount = FinalityEvaluatorTests.Recount("cc-ga-president", At(12, 4), GaRecount);

        var problems = Evaluator(new RecountRequested("cc-ga-president", "x", null, "test", At(11, 21), null)).Check(recount);

        Assert.Contains(problems, p => p.Message.Contains("which was never certified: the rules require certification first (O.C.G.A. §21-2-495(c)", StringComparison.Ordinal));
    }

    [Fact]
    public void RecountRequest_AfterTheWindow_IsRefused()
    {
        var evaluator = Evaluator(Certify("cc-ga-president", "ga-secretary-of-state", At(11, 20, 17), GaCertified, false, "ga-secretary-of-state"));

        // Two business days after Friday 20 November 2020 is Tuesday 24 November.
        Assert.Empty(evaluator.Check(new RecountRequested("cc-ga-president", "Trump campaign", null, "test", At(11, 24, 23), null)));
        Assert.Contains(evaluator.Check(new RecountRequested("cc-ga-president", "Trump campaign", null, "test", At(11, 25, 9), null)),
            p => p.Message.Contains("window to request a recount closed at 2020-11-25T00:00-05:00", StringComparison.Ordinal));
    }

    /// <summary>A recount's recertification opens no new window to request a recount: the request was checked against the
    /// latest certification, recertification or not, while <c>deadlines</c> showed the window of the original one.</summary>
    [Fact]
    public void RecountRequest_AfterTheRecountsRecertification_IsRefusedByTheOriginalWindow()
    {
        var evaluator = Evaluator(
            Certify("cc-ga-president", "ga-secretary-of-state", At(11, 20, 17), GaCertified, false, "ga-secretary-of-state"),
            new RecountRequested("cc-ga-president", "Trump campaign", null, "test", At(11, 21), null),
            FinalityEvaluatorTests.Recount("cc-ga-president", At(12, 4), GaRecount),
            Certify("cc-ga-president", "ga-secretary-of-state", At(12, 7, 12), GaRecount, true, "ga-secretary-of-state"));

        Assert.Contains(evaluator.Check(new RecountRequested("cc-ga-president", "Trump campaign", null, "test", At(12, 8), null)),
            p => p.Message.Contains("window to request a recount closed at 2020-11-25T00:00-05:00", StringComparison.Ordinal));
        var window = Assert.Single(evaluator.Deadlines("cc-ga-president", At(12, 8)), d => d.Name == "recount-request");
        Assert.Equal(new DateOnly(2020, 11, 24), window.Date);
    }

    [Fact]
    public void Concession_ByACandidateNotInTheContest_IsRefused()
    {
        var problems = Evaluator().Check(new ConcessionMade("cc-ga-president", "cand-kanye", null, "test", At(11, 10), null));

        var p = Assert.Single(problems);
        Assert.Equal(ProblemCodes.UnknownReference, p.Code);
        Assert.Contains("'cand-kanye' is not a candidate in contest 'cc-ga-president'", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Retraction_WithoutACall_IsRefused() =>
        Assert.NotEmpty(Evaluator().Check(new RaceCallRetracted("us-president-2020", "AP", null, "test", At(11, 8), null)));

    [Fact]
    public void AnyFact_ForAnUnknownContest_IsRefused() =>
        Assert.Equal(ProblemCodes.UnknownReference, Assert.Single(Evaluator().Check(new AuditResultRecorded("cc-xx", "hand-count", "passed", null, "t", At(11, 1), null))).Code);

    [Fact]
    public void ElectorVotes_EarlierThanARecordOfTheSameUnitUnderAnotherCode_IsRefused()
    {
        // GA is GA-at-large: the earlier record would replace nothing, and the later one would go on counting.
        var evaluator = Evaluator(new ElectorVotesCast(Us, "GA-at-large", 16, [new NamedCount("cand-biden", 16)], "test", At(12, 14, 13), null));

        var problems = evaluator.Check(new ElectorVotesCast(Us, "ga", 16, [new NamedCount("cand-biden", 15)], "test", At(12, 14, 11), null));

        var p = Assert.Single(problems);
        Assert.Equal((ProblemCodes.Inconsistent, "at"), (p.Code, p.Path));
        Assert.Contains("The electors' votes of ga are already recorded (as GA-at-large) at", p.Message, StringComparison.Ordinal);
    }

    private static IContestFact FactOfTheCount(string kind, DateTimeOffset at) => kind switch
    {
        "call" => new RaceCalled(Us, "AP", "cand-biden", null, "test", at, null),
        "concession" => new ConcessionMade(Us, "cand-trump", "statement", "test", at, null),
        "certify" => Certify(Mi, "mi-board-of-state-canvassers", at, MiCertified, false, "mi-bsc-bradshaw", "mi-bsc-van-langevelde", "mi-bsc-matuzak"),
        "recount-request" => new RecountRequested(Mi, "someone", null, "test", at, null),
        "audit-result" => new AuditResultRecorded(Mi, "hand-count", "passed", null, "test", at, null),
        "electors" => new ElectorsAppointed(Us, "GA", "cand-biden", 16, "test", at, null),
        "elector-votes" => new ElectorVotesCast(Us, "GA", 16, [new NamedCount("cand-biden", 16)], "test", at, null),
        _ => new CongressCounted(Us, [new NamedCount("cand-biden", 306)], "test", at, null),
    };

    [Theory]
    [InlineData("call", false)]
    [InlineData("concession", false)]
    [InlineData("certify", false)]
    [InlineData("recount-request", false)]
    [InlineData("audit-result", false)]
    [InlineData("electors", false)]
    [InlineData("elector-votes", false)]
    [InlineData("congress-count", false)]
    [InlineData("call", true)]
    [InlineData("concession", true)]
    [InlineData("certify", true)]
    [InlineData("congress-count", true)]
    public void FactOfTheCount_BeforeElectionDay_IsRefused(string kind, bool yearOne)
    {
        var at = yearOne ? DateTimeOffset.MinValue : new DateTimeOffset(2020, 11, 2, 23, 59, 0, TimeSpan.FromHours(-5));

        var problems = Evaluator().Check(FactOfTheCount(kind, at));

        var p = Assert.Single(problems, p => p.Path == "at");
        Assert.Equal(ProblemCodes.BadValue, p.Code);
        Assert.Contains("before election day (2020-11-03", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Call_AtTheStartOfElectionDay_IsAccepted_AMinuteBeforeIsNot()
    {
        var midnight = new DateTimeOffset(2020, 11, 3, 0, 0, 0, TimeSpan.FromHours(-5));

        Assert.Empty(Evaluator().Check(new RaceCalled(Us, "AP", "cand-biden", null, "test", midnight, null)));
        Assert.NotEmpty(Evaluator().Check(new RaceCalled(Us, "AP", "cand-biden", null, "test", midnight.AddMinutes(-1), null)));
    }

    [Fact]
    public void LegalSteps_BeforeElectionDay_AreAccepted_FromTheYearBefore()
    {
        var filed = new LegalChallengeFiled(Us, "court", "19-1", "someone", ["ballot rules"], "test", At(6, 1, year: 2019), null);
        var order = new CourtOrderIssued(Us, "o-1", "court", "19-1", "other", null, "test", At(6, 2, year: 2019), null);

        Assert.Empty(Evaluator().Check(filed));
        Assert.Empty(Evaluator(filed).Check(order));
        Assert.Empty(Evaluator(filed).Check(new LegalChallengeRuled(Us, "19-1", "court", "denied", null, "test", At(10, 1), null)));
    }

    [Fact]
    public void LegalSteps_BeforeTheYearBeforeTheElection_AreRefused()
    {
        var filed = new LegalChallengeFiled(Us, "court", "18-1", "someone", [], "test", At(12, 31, 18, year: 2018), null);

        var p = Assert.Single(Evaluator().Check(filed));
        Assert.Equal((ProblemCodes.BadValue, "at"), (p.Code, p.Path));
        Assert.Contains("before 2019-01-01", p.Message, StringComparison.Ordinal);
        Assert.Equal("at", Assert.Single(Evaluator().Check(filed with { At = DateTimeOffset.MinValue })).Path);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://example.org/order.pdf")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/orders/1.pdf")]
    [InlineData("www.example.org/order.pdf")]
    [InlineData("https://user:secret@example.org/order.pdf")]
    [InlineData("https://example.org/a b")]
    [InlineData("")]
    public void Evidence_NotAnHttpLink_IsRefused(string evidence)
    {
        var call = new RaceCalled(Us, "AP", "cand-biden", null, "test", At(11, 7), evidence);

        var p = Assert.Single(Evaluator().Check(call));
        Assert.Equal((ProblemCodes.BadValue, "evidence"), (p.Code, p.Path));
    }

    [Theory]
    [InlineData("https://apnews.com/article/election-2020-joe-biden#call")]
    [InlineData("http://example.org/certificate.pdf?page=2")]
    public void Evidence_AnHttpLink_IsAccepted(string evidence) =>
        Assert.Empty(Evaluator().Check(new RaceCalled(Us, "AP", "cand-biden", null, "test", At(11, 7), evidence)));

    [Theory]
    [InlineData("speech", true)]
    [InlineData("statement", true)]
    [InlineData("call", true)]
    [InlineData("telepathy", false)]
    [InlineData("Speech", false)]
    [InlineData("", false)]
    public void Concession_Medium_IsOneOfTheDocumentedOnes(string medium, bool accepted)
    {
        var problems = Evaluator().Check(new ConcessionMade(Us, "cand-trump", medium, "test", At(11, 7), null));

        if (accepted)
        {
            Assert.Empty(problems);
        }
        else
        {
            var p = Assert.Single(problems);
            Assert.Equal((ProblemCodes.BadValue, "medium"), (p.Code, p.Path));
            Assert.Contains("speech, statement, call", p.Message, StringComparison.Ordinal);
        }
    }
}
