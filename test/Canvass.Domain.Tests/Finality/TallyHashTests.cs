using Canvass.Domain.Facts;
using Canvass.Domain.Finality;
using Canvass.Domain.Jurisdictions;
using static Canvass.Domain.Tests.Finality.FinalityElection;

namespace Canvass.Domain.Tests.Finality;

/// <summary>The tally hash officials sign is documented text anyone can recompute (docs/finality.md).</summary>
public sealed class TallyHashTests
{
    private static readonly NamedCount[] Recount = [new("cs-ga-trump", 2_461_854), new("cs-ga-biden", 2_473_633)];

    [Fact]
    public void Text_IsTheDocumentedLines_InOrdinalOrderOfSelection() =>
        Assert.Equal("canvass-tally.v1\ncc-ga-president\ncs-ga-biden 2473633\ncs-ga-trump 2461854\n", TallyHash.Text("cc-ga-president", Recount));

    [Fact]
    public void Compute_IsSha256OfTheText_AsSha256sumPrintsIt() =>
        // printf 'canvass-tally.v1\ncc-ga-president\ncs-ga-biden 2473633\ncs-ga-trump 2461854\n' | sha256sum
        Assert.Equal("f077c58882fd0c956754abdec42177bdea51bc75eae993faf54909ca84beba72", TallyHash.Compute("cc-ga-president", Recount));

    [Fact]
    public void Signature_VerifiesOnlyForTheOfficialsKeyAndThatHash()
    {
        var hash = TallyHash.Compute("cc-ga-president", Recount);
        var signature = CertificationSignatures.Sign(DemoSeed("ga-secretary-of-state"), hash);
        var key = CertificationSignatures.PublicKeyOf(DemoSeed("ga-secretary-of-state"));

        Assert.True(CertificationSignatures.Verify(key, hash, signature));
        Assert.False(CertificationSignatures.Verify(CertificationSignatures.PublicKeyOf(DemoSeed("someone-else")), hash, signature));
        Assert.False(CertificationSignatures.Verify(key, TallyHash.Compute("cc-ga-president", [new("cs-ga-biden", 1)]), signature));
        Assert.False(CertificationSignatures.Verify(key, hash, "not base64!"));
    }

    [Fact]
    public void DemoOfficialKeys_InTheRules_AreDerivedFromThePublishedDemoSeeds()
    {
        var officials = RulesBook.Default.Jurisdictions.SelectMany(j => j.CertifyingBodies).SelectMany(b => b.Officials).ToList();

        Assert.Equal(18, officials.Count);
        Assert.All(officials, o => Assert.Equal(CertificationSignatures.PublicKeyOf(DemoSeed(o.Id)), o.PublicKey));
    }
}
