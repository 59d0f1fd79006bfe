using System.Text;

namespace Canvass.Ledger.Tests;

public sealed class NoteTests
{
    private const string Origin = "results.example.org/2026-general";

    [Fact]
    public void Sign_ThenOpen_RoundTrips()
    {
        var signer = NoteSigner.Generate(Origin);
        var note = Note.Sign("hello\nworld\n", signer);
        var opened = Note.Open(note.ToBytes(), [signer.Verifier]).GetValueOrThrow();
        Assert.Equal("hello\nworld\n", opened.Text);
        Assert.True(opened.IsSignedBy(signer.Verifier));
    }

    [Fact]
    public void KeyTexts_RoundTrip()
    {
        var signer = NoteSigner.Generate(Origin);
        var parsed = NoteSigner.Parse(signer.ToPrivateKeyText()).GetValueOrThrow();
        Assert.Equal(signer.Verifier.ToString(), parsed.Verifier.ToString());
        var verifier = NoteVerifier.Parse(signer.Verifier.ToString()).GetValueOrThrow();
        Assert.Equal(signer.KeyId, verifier.KeyId);
        Assert.Equal(signer.Verifier.PublicKey.ToArray(), verifier.PublicKey.ToArray());
        Assert.DoesNotContain("PRIVATE", signer.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")]
    [InlineData("example.com/foo+530D903A+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")]
    [InlineData("example.com/foo+530d903a+AukyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")]
    [InlineData("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U")]
    [InlineData("example.com/foo+530d903a")]
    [InlineData("+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")]
    [InlineData("bad name+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")]
    public void ParseVerifier_Invalid_IsMalformed(string vkey) =>
        Assert.Equal(LedgerErrorCodes.Malformed, NoteVerifier.Parse(vkey).Error?.Code);

    [Fact]
    public void Open_NoteSignedByAnotherKey_Fails()
    {
        var log = NoteSigner.Generate(Origin);
        var impostor = NoteSigner.Generate(Origin);
        var note = Note.Sign("text\n", impostor);
        Assert.Equal(LedgerErrorCodes.NoVerifiedSignature, Note.Open(note.ToBytes(), [log.Verifier]).Error?.Code);

        // Same name and key ID but a signature by another key: the known key fails, so the note is rejected.
        var forged = new Note("text\n", [new NoteSignature(Origin, [.. BitConverter.GetBytes(0u), .. impostor.Sign("text\n").Signature])]);
        var swapped = new NoteSignature(Origin, [.. log.Sign("text\n").Bytes[..4], .. impostor.Sign("text\n").Signature]);
        Assert.Equal(LedgerErrorCodes.InvalidSignature, Note.Open(new Note("text\n", [swapped]).ToBytes(), [log.Verifier]).Error?.Code);
        Assert.False(Note.Open(forged.ToBytes(), [log.Verifier]).IsSuccess);
    }

    [Theory]
    [InlineData("text\n\n— a AAAAAAA==\n")]
    [InlineData("text\n\n- a AAAAAAA=\n")]
    [InlineData("text\n\n— a AAAAAAA\n")]
    [InlineData("text\n\n— a AAAAAA==\n")]
    [InlineData("text\r\n\n— a AAAAAAAA\n")]
    [InlineData("text\n\n— a+b AAAAAAAA\n")]
    [InlineData("text\n\n— a AAAAAAAA\n\n")]
    [InlineData("text\n\n— a AAAAAAAA \n")]
    public void Parse_MalformedNotes_AreRejected(string note) =>
        Assert.Equal(LedgerErrorCodes.Malformed, Note.Parse(Encoding.UTF8.GetBytes(note)).Error?.Code);

    [Fact]
    public void Parse_TextWithEmptyLines_SplitsAtLastBlankLine()
    {
        var signer = NoteSigner.Generate(Origin);
        var note = Note.Sign("a\n\nb\n", signer);
        var opened = Note.Open(note.ToBytes(), [signer.Verifier]).GetValueOrThrow();
        Assert.Equal("a\n\nb\n", opened.Text);
    }

    [Fact]
    public void Parse_TooManySignatures_IsMalformed()
    {
        var line = "— a AAAAAAAA\n";
        var note = "text\n\n" + string.Concat(Enumerable.Repeat(line, Note.MaxSignatures + 1));
        Assert.Equal(LedgerErrorCodes.Malformed, Note.Parse(Encoding.UTF8.GetBytes(note)).Error?.Code);
        var ok = "text\n\n" + string.Concat(Enumerable.Repeat(line, 16));
        Assert.True(Note.Parse(Encoding.UTF8.GetBytes(ok)).IsSuccess);
    }

    [Theory]
    [InlineData(3, 0, false)]
    [InlineData(3, 1, false)]
    [InlineData(3, 2, true)]
    [InlineData(3, 3, true)]
    [InlineData(2, 1, true)]
    public void CosignaturePolicy_KOfN(int witnessCount, int cosigners, bool expected)
    {
        var log = NoteSigner.Generate(Origin);
        var witnesses = Enumerable.Range(0, witnessCount).Select(i => NoteSigner.Generate($"witness{i}.example.org", NoteKeyType.Cosignature)).ToList();
        var threshold = witnessCount == 2 ? 1 : 2;
        var policy = new CosignaturePolicy(witnesses.Select(w => w.Verifier), threshold);
        var checkpoint = new Checkpoint(Origin, 5, TreeHash.HashLeaf([1]));
        var note = SignedCheckpoint.Sign(checkpoint, log);
        foreach (var witness in witnesses.Take(cosigners))
        {
            note = note.WithSignature(witness.Cosign(checkpoint.ToString(), 1_800_000_000));
        }

        // A repeated cosignature from one witness counts once.
        if (cosigners > 0)
        {
            note = note.WithSignature(witnesses[0].Cosign(checkpoint.ToString(), 1_800_000_000));
        }

        var result = policy.Open(note.ToBytes(), Origin, log.Verifier);
        Assert.Equal(expected, result.IsSuccess);
        if (!expected)
        {
            Assert.Equal(LedgerErrorCodes.PolicyNotSatisfied, result.Error?.Code);
        }
    }

    [Fact]
    public void Cosignature_OverOtherCheckpoint_IsInvalid()
    {
        var log = NoteSigner.Generate(Origin);
        var witness = NoteSigner.Generate("w.example.org", NoteKeyType.Cosignature);
        var checkpoint = new Checkpoint(Origin, 5, TreeHash.HashLeaf([1]));
        var other = new Checkpoint(Origin, 6, TreeHash.HashLeaf([2]));
        var note = SignedCheckpoint.Sign(checkpoint, log).WithSignature(witness.Cosign(other.ToString(), 1));
        Assert.Equal(LedgerErrorCodes.InvalidSignature, new CosignaturePolicy([witness.Verifier], 1).Open(note.ToBytes(), Origin, log.Verifier).Error?.Code);
    }

    [Fact]
    public void SignedCheckpoint_WithoutLogSignature_IsRejected()
    {
        var log = NoteSigner.Generate(Origin);
        var witness = NoteSigner.Generate("w.example.org", NoteKeyType.Cosignature);
        var checkpoint = new Checkpoint(Origin, 5, TreeHash.HashLeaf([1]));
        var note = new Note(checkpoint.ToString(), [witness.Cosign(checkpoint.ToString(), 1)]);
        Assert.Equal(LedgerErrorCodes.NoVerifiedSignature, SignedCheckpoint.Open(note.ToBytes(), Origin, log.Verifier, [witness.Verifier]).Error?.Code);
    }
}
