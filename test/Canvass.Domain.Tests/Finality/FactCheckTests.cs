using Canvass.Domain.Facts;
using static Canvass.Domain.Tests.Finality.FinalityElection;

namespace Canvass.Domain.Tests.Finality;

/// <summary>Facts that may not be recorded, each refused with the reason.</summary>
public sealed class FactCheckTests
{
    private const string Mi = "cc-mi-president";

    [Fact]
    public void Certify_ThreeOfFourMichiganCanvassers_IsAccepted() =>
        Assert.Empty(Evaluator().Check(Certify(Mi, "mi-board-of-state-canvassers", At(11, 23), MiCertified, false, "mi-bsc-bradshaw", "mi-bsc-van-langevelde", "mi-bsc-matuzak")));

    [Fact]
    public void Certify_TooFewSignatures_IsRefused()
    {
        var problems = Evaluator().Check(Certify(Mi, "mi-board-of-state-canvassers", At(11, 23), MiCertified, false, "mi-bsc-bradshaw", "mi-bsc-matuzak"));

        var p = Assert.Single(problems);
        Assert.Equal(ProblemCodes.Inconsistent, p.Code);
        Assert.Contains("3 of 4 officials' signatures; 2 valid signature(s) given", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Certify_BySomeoneWhoIsNotACertifyingOfficial_IsRefused()
    {
        var problems = Evaluator().Check(Certify(Mi, "mi-board-of-state-canvassers", At(11, 23), MiCertified, false,
            "mi-bsc-bradshaw", "mi-bsc-van-langevelde", "ga-secretary-of-state"));

        Assert.Contains(problems, p => p.Code == ProblemCodes.UnknownReference && p.Message.Contains("'ga-secretary-of-state' is not a certifying official of Michigan Board of State Canvassers", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.Contains("2 valid signature(s)", StringComparison.Ordinal));
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
}
