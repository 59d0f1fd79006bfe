using System.Text;
using System.Text.Json;

namespace Canvass.Ledger.Tests;

/// <summary>Every vector of shared/conformance/tlog/vectors.json, one theory row each.</summary>
public sealed class ConformanceVectorTests
{
    private static readonly string[] Covered =
    [
        "format", "description", "conventions", "rfc6962", "tiles", "sumdb_record_hash", "keys", "signed_notes",
        "checkpoints", "checkpoint_signature_negative", "checkpoint_parse", "tlog_proof", "witness_add_checkpoint",
    ];

    public static TheoryData<string> Leaves => Vectors.Rows("rfc6962.leaves");

    public static TheoryData<string> NodeLevels => Vectors.Rows("rfc6962.node_hashes_by_level", "level");

    public static TheoryData<string> Roots => Vectors.Rows("rfc6962.roots", "tree_size");

    public static TheoryData<string> InclusionProofs => Concat(Vectors.Rows("rfc6962.inclusion_proofs"), Vectors.Rows("rfc6962.derived_inclusion_proofs"));

    public static TheoryData<string> ConsistencyProofs => Concat(Vectors.Rows("rfc6962.consistency_proofs"), Vectors.Rows("rfc6962.derived_consistency_proofs"));

    public static TheoryData<string> InclusionProbes => Vectors.Rows("rfc6962.probes.inclusion", "file");

    public static TheoryData<string> ConsistencyProbes => Vectors.Rows("rfc6962.probes.consistency", "file");

    public static TheoryData<string> TileResources => Vectors.Rows("tiles.resources", "path");

    public static TheoryData<string> TileIndexEncodings => Vectors.Rows("tiles.index_encoding", "n");

    public static TheoryData<string> Keys => Vectors.Rows("keys", "name");

    public static TheoryData<string> SignedNotes => Vectors.Rows("signed_notes", "id");

    public static TheoryData<string> Checkpoints => Vectors.Rows("checkpoints.items", "tree_size");

    public static TheoryData<string> CheckpointSignatureNegative => Vectors.Rows("checkpoint_signature_negative", "id");

    public static TheoryData<string> CheckpointParse => Vectors.Rows("checkpoint_parse", "id");

    [Fact]
    public void Vectors_HaveNoUncoveredSection()
    {
        var sections = Vectors.Root.EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Equal(Covered.Order(StringComparer.Ordinal), sections.Order(StringComparer.Ordinal));
        Assert.Equal(98, Vectors.At("rfc6962.probes.inclusion").GetArrayLength());
        Assert.Equal(98, Vectors.At("rfc6962.probes.consistency").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(Leaves))]
    public void Leaf_HashMatches(string row)
    {
        var v = Vectors.Get(row);
        Assert.Equal(v.Hex("leaf_hash"), TreeHash.HashLeaf(v.Hex("data_hex")));
        Assert.Equal(v.Hex("leaf_hash"), Vectors.ReferenceTree().LeafHash(v.GetProperty("index").GetInt64()));
    }

    [Theory]
    [MemberData(nameof(NodeLevels))]
    public void NodeHashes_MatchStoredNodes(string row)
    {
        var v = Vectors.Get(row);
        var tree = Vectors.ReferenceTree();
        var level = v.GetProperty("level").GetInt32();
        var hashes = v.HexList("hashes");
        for (var i = 0; i < hashes.Count; i++)
        {
            Assert.Equal(hashes[i], tree.NodeHash(level, i));
        }
    }

    [Theory]
    [MemberData(nameof(Roots))]
    public void Root_MatchesForEverySize(string row)
    {
        var v = Vectors.Get(row);
        var size = v.GetProperty("tree_size").GetInt32();
        Assert.Equal(v.Hex("root"), Vectors.ReferenceTree(size).Root());
        Assert.Equal(v.Hex("root"), Vectors.ReferenceTree().RootAt(size));
        Assert.Equal(v.Hex("root"), RecordCommitment.ComputeRoot(Vectors.At("rfc6962.leaves").EnumerateArray().Take(size).Select(l => l.Hex("data_hex"))));
    }

    [Theory]
    [MemberData(nameof(InclusionProofs))]
    public void InclusionProof_GeneratedAndVerified(string row)
    {
        var v = Vectors.Get(row);
        var index = v.U64("leaf_index");
        var size = v.U64("tree_size");
        var proof = v.HexList("proof");
        var tree = Vectors.ReferenceTree();
        Assert.Equal(proof, tree.InclusionProof((long)index, (long)size));
        var result = MerkleProofs.VerifyInclusion(v.Hex("leaf_hash"), index, size, proof, v.Hex("root"));
        Assert.True(result.IsSuccess, result.ToString());
        var records = Vectors.At("rfc6962.leaves").EnumerateArray().Take((int)size).Select(l => l.Hex("data_hex")).ToList();
        Assert.Equal(proof, RecordCommitment.ProveInclusion(records, (long)index, (long)size));
    }

    [Theory]
    [MemberData(nameof(ConsistencyProofs))]
    public void ConsistencyProof_GeneratedAndVerified(string row)
    {
        var v = Vectors.Get(row);
        var size1 = v.U64("size1");
        var size2 = v.U64("size2");
        var proof = v.HexList("proof");
        Assert.Equal(proof, Vectors.ReferenceTree().ConsistencyProof((long)size1, (long)size2));
        var result = MerkleProofs.VerifyConsistency(size1, size2, proof, v.Hex("root1"), v.Hex("root2"));
        Assert.True(result.IsSuccess, result.ToString());
    }

    [Theory]
    [MemberData(nameof(InclusionProbes))]
    public void InclusionProbe_HasExpectedOutcome(string row)
    {
        var v = Vectors.Get(row);
        var result = MerkleProofs.VerifyInclusion(v.Hex("leaf_hash"), v.U64("leaf_index"), v.U64("tree_size"), v.HexList("proof"), v.Hex("root"));
        Assert.Equal(!v.GetProperty("want_error").GetBoolean(), result.IsSuccess);
    }

    [Theory]
    [MemberData(nameof(ConsistencyProbes))]
    public void ConsistencyProbe_HasExpectedOutcome(string row)
    {
        var v = Vectors.Get(row);
        var result = MerkleProofs.VerifyConsistency(v.U64("size1"), v.U64("size2"), v.HexList("proof"), v.Hex("root1"), v.Hex("root2"));
        Assert.Equal(!v.GetProperty("want_error").GetBoolean(), result.IsSuccess);
    }

    [Theory]
    [MemberData(nameof(TileResources))]
    public void TileResource_MatchesPathAndContent(string row)
    {
        var v = Vectors.Get(row);
        var tree = Vectors.ReferenceTree();
        var path = v.Str("path");
        byte[] content;
        if (path.StartsWith("tile/entries/", StringComparison.Ordinal))
        {
            Assert.Equal(path, Tiles.EntriesPath(0, Tiles.PartialWidth(0, 8)));
            content = Tiles.FormatEntryBundle(Vectors.At("rfc6962.leaves").EnumerateArray().Select(l => l.Hex("data_hex")));
        }
        else
        {
            Assert.Equal(path, Tiles.TilePath(0, 0, Tiles.PartialWidth(0, 8)));
            content = Tiles.ReadTile(tree, 0, 0, Tiles.PartialWidth(0, 8));
        }

        Assert.Equal(v.Hex("content_hex"), content);
        if (v.TryGetProperty("content_sha256", out var sha))
        {
            Assert.Equal(sha.Hex(), System.Security.Cryptography.SHA256.HashData(content));
        }
    }

    [Theory]
    [MemberData(nameof(TileIndexEncodings))]
    public void TileIndex_EncodesAsSpecified(string row)
    {
        var v = Vectors.Get(row);
        Assert.Equal(v.Str("path"), Tiles.IndexPath(v.U64("n")));
    }

    [Fact]
    public void TilePartialWidths_MatchSpecExample()
    {
        var v = Vectors.At("tiles.partial_widths_example");
        var size = v.U64("tree_size");
        Assert.Equal(v.U64("full_level0_tiles"), Tiles.FullTileCount(0, size));
        Assert.Equal(v.GetProperty("partial_level0_width").GetInt32(), Tiles.PartialWidth(0, size));
        Assert.Equal(v.U64("full_level1_tiles"), Tiles.FullTileCount(1, size));
        Assert.Equal(v.GetProperty("partial_level1_width").GetInt32(), Tiles.PartialWidth(1, size));
        Assert.Equal(v.GetProperty("partial_level2_width").GetInt32(), Tiles.PartialWidth(2, size));
        Assert.Equal(8, Tiles.PartialWidth(0, Vectors.At("tiles.tree_size").GetUInt64()));
    }

    [Fact]
    public void SumdbRecordHash_MatchesLeafHashAndTreeNote()
    {
        var v = Vectors.At("sumdb_record_hash");
        var hash = TreeHash.HashLeaf(v.Utf8("record"));
        Assert.Equal(v.Hex("leaf_hash"), hash);
        Assert.Equal(v.Str("leaf_hash_base64"), Convert.ToBase64String(hash));
        var checkpoint = Checkpoint.Parse(v.Str("tree_note_text")).GetValueOrThrow();
        Assert.Equal(123456789012UL, checkpoint.TreeSize);
        Assert.Equal(hash, checkpoint.RootHash.ToArray());
        Assert.Equal(v.Str("tree_note_text"), checkpoint.ToString());
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Key_ParsesAndRoundTrips(string row)
    {
        var v = Vectors.Get(row);
        var verifier = NoteVerifier.Parse(v.Str("vkey")).GetValueOrThrow();
        Assert.Equal(v.Str("name"), verifier.Name);
        Assert.Equal(v.Str("key_id"), verifier.KeyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(v.GetProperty("signature_type").GetInt32(), verifier.SignatureType);
        Assert.Equal(v.Hex("public_key"), verifier.PublicKey.ToArray());
        Assert.Equal(v.Str("vkey"), verifier.ToString());
        var preimage = v.Hex("key_id_preimage_hex");
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(preimage).AsSpan(0, 4)), v.Str("key_id"));
        if (v.TryGetProperty("ed25519_seed", out var seed))
        {
            var signer = NoteSigner.FromSeed(verifier.Name, verifier.SignatureType, seed.Hex());
            Assert.Equal(v.Str("vkey"), signer.Verifier.ToString());
        }

        if (v.TryGetProperty("skey", out var skey))
        {
            var signer = NoteSigner.Parse(skey.GetString()!).GetValueOrThrow();
            Assert.Equal(v.Str("vkey"), signer.Verifier.ToString());
            Assert.Equal(skey.GetString(), signer.ToPrivateKeyText());
        }
    }

    [Theory]
    [MemberData(nameof(SignedNotes))]
    public void SignedNote_OpensAsExpected(string row)
    {
        var v = Vectors.Get(row);
        var bytes = v.Hex("note_hex");
        if (v.TryGetProperty("note", out var text))
        {
            Assert.Equal(Encoding.UTF8.GetBytes(text.GetString()!), bytes);
        }

        var result = Note.Open(bytes, v.Vkeys());
        AssertOutcome(v, result);
        if (result.IsSuccess)
        {
            Assert.Equal(v.Str("expected_text"), result.Value.Text);
            Assert.Equal(v.GetProperty("expected_unverified").EnumerateArray().Select(e => e.GetString()), result.Value.Unverified.Select(s => s.ToString()));
            Assert.Equal(bytes, result.Value.Note.ToBytes());
        }

        if (v.TryGetProperty("sign_with_skey", out var skey))
        {
            var signer = NoteSigner.Parse(skey.GetString()!).GetValueOrThrow();
            Assert.Equal(bytes, Note.Sign(v.Str("expected_text"), signer).ToBytes());
        }
    }

    [Theory]
    [MemberData(nameof(Checkpoints))]
    public void Checkpoint_ParsesSignsAndCosigns(string row)
    {
        var v = Vectors.Get(row);
        var all = Vectors.At("checkpoints");
        var origin = all.Str("origin");
        var logKey = NoteVerifier.Parse(all.Str("log_vkey")).GetValueOrThrow();
        var witnessKey = NoteVerifier.Parse(all.Str("witness_vkey")).GetValueOrThrow();
        var checkpoint = Checkpoint.Parse(v.Str("text")).GetValueOrThrow();
        Assert.Equal(v.U64("tree_size"), checkpoint.TreeSize);
        Assert.Equal(v.Hex("root"), checkpoint.RootHash.ToArray());
        Assert.Equal(Vectors.ReferenceTree().RootAt((long)checkpoint.TreeSize), checkpoint.RootHash.ToArray());
        Assert.Equal(v.Str("text"), new Checkpoint(origin, checkpoint.TreeSize, checkpoint.RootHash).ToString());

        var logSigner = NoteSigner.Parse(Vectors.At("keys")[4].Str("skey")).GetValueOrThrow();
        Assert.Equal(v.Str("signed_note"), SignedCheckpoint.Sign(checkpoint, logSigner).ToString());
        var opened = SignedCheckpoint.Open(v.Utf8("signed_note"), origin, logKey).GetValueOrThrow();
        Assert.Equal(checkpoint.TreeSize, opened.Checkpoint.TreeSize);
        Assert.Equal(LedgerErrorCodes.OriginMismatch, SignedCheckpoint.Open(v.Utf8("signed_note"), "example.com/other", logKey).Error?.Code);

        if (!v.TryGetProperty("cosignature_line", out var line))
        {
            return;
        }

        var timestamp = v.U64("cosignature_timestamp");
        Assert.Equal(v.Utf8("cosigned_message"), NoteVerifier.CosignedMessage(v.Str("text"), timestamp));
        var witness = NoteSigner.FromSeed(witnessKey.Name, NoteKeyType.Cosignature, Vectors.At("keys")[5].Hex("ed25519_seed"));
        var cosignature = witness.Cosign(v.Str("text"), timestamp);
        Assert.Equal(line.GetString(), cosignature.ToLine());
        var decoded = v.GetProperty("cosignature_decoded");
        Assert.Equal(decoded.Hex("key_id"), cosignature.Bytes[..4].ToArray());
        Assert.Equal(decoded.Hex("timestamp_be_u64"), cosignature.Bytes[4..12].ToArray());
        Assert.Equal(decoded.Hex("ed25519_signature"), cosignature.Bytes[12..].ToArray());

        var cosigned = v.Utf8("signed_note_with_cosignature");
        Assert.Equal(cosigned, SignedCheckpoint.Sign(checkpoint, logSigner).WithSignature(cosignature).ToBytes());
        var policy = new CosignaturePolicy([witnessKey], 1);
        var accepted = policy.Open(cosigned, origin, logKey).GetValueOrThrow();
        Assert.Equal(timestamp, accepted.Note.Verified.Single(s => s.Verifier == witnessKey).Timestamp);
        Assert.Equal(LedgerErrorCodes.PolicyNotSatisfied, policy.Open(v.Utf8("signed_note"), origin, logKey).Error?.Code);
    }

    [Theory]
    [MemberData(nameof(CheckpointSignatureNegative))]
    public void CheckpointSignatureNegative_HasExpectedOutcome(string row)
    {
        var v = Vectors.Get(row);
        AssertOutcome(v, Note.Open(v.Utf8("note"), v.Vkeys()));
    }

    [Theory]
    [MemberData(nameof(CheckpointParse))]
    public void CheckpointParse_HasExpectedOutcome(string row)
    {
        var v = Vectors.Get(row);
        var result = Checkpoint.Parse(v.Str("text"));
        Assert.Equal(v.GetProperty("valid").GetBoolean(), result.IsSuccess);
        if (!result.IsSuccess)
        {
            Assert.Equal(LedgerErrorCodes.Malformed, result.Error.Code);
            return;
        }

        var expected = v.GetProperty("expected");
        Assert.Equal(expected.Str("origin"), result.Value.Origin);
        Assert.Equal(expected.Str("tree_size"), result.Value.TreeSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected.Hex("root"), result.Value.RootHash.ToArray());
        Assert.Equal(expected.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()), result.Value.Extensions);
        Assert.Equal(v.Str("text"), result.Value.ToString());
    }

    [Fact]
    public void TlogProof_ParsesFormatsAndVerifies()
    {
        var v = Vectors.At("tlog_proof");
        var keys = v.Vkeys();
        var bundle = TlogProof.Parse(v.Utf8("text")).GetValueOrThrow();
        Assert.Equal(v.U64("leaf_index"), bundle.Index);
        Assert.Equal(v.Str("text"), bundle.ToString());
        var leafHash = TreeHash.HashLeaf(v.Hex("leaf_data_hex"));
        Assert.Equal(v.Hex("leaf_hash"), leafHash);
        var origin = Vectors.At("checkpoints").Str("origin");
        var policy = new CosignaturePolicy([keys[1]], 1);
        var result = bundle.Verify(leafHash, origin, keys[0], policy);
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(Vectors.ReferenceTree().InclusionProof(5, 8), bundle.Proof);
        Assert.False(bundle.Verify(TreeHash.HashLeaf([0x40]), origin, keys[0], policy).IsSuccess);
        var wrongIndex = new TlogProof(4, bundle.Proof, bundle.Checkpoint);
        Assert.False(wrongIndex.Verify(leafHash, origin, keys[0], policy).IsSuccess);
    }

    [Fact]
    public void WitnessAddCheckpoint_ParsesFormatsAndProvesConsistency()
    {
        var v = Vectors.At("witness_add_checkpoint");
        var request = AddCheckpointRequest.Parse(v.Utf8("body")).GetValueOrThrow();
        Assert.Equal(v.U64("old_size"), request.OldSize);
        Assert.Equal(v.Str("body"), request.ToString());
        var all = Vectors.At("checkpoints");
        var logKey = NoteVerifier.Parse(all.Str("log_vkey")).GetValueOrThrow();
        var newer = SignedCheckpoint.Open(request.Checkpoint.ToBytes(), all.Str("origin"), logKey).GetValueOrThrow().Checkpoint;
        var older = all.GetProperty("items").EnumerateArray().Single(i => i.U64("tree_size") == request.OldSize);
        var consistent = MerkleProofs.VerifyConsistency(request.OldSize, newer.TreeSize, request.Proof, older.Hex("root"), newer.RootHash);
        Assert.True(consistent.IsSuccess, consistent.ToString());
        Assert.Equal(Vectors.ReferenceTree().ConsistencyProof(4, 8), request.Proof);

        // The witness's answer: a cosignature line at 1700000000 with the vector's witness seed.
        var witness = NoteSigner.FromSeed("witness.example.com/w1", NoteKeyType.Cosignature, Vectors.At("keys")[5].Hex("ed25519_seed"));
        Assert.Equal(v.Str("response_body_example"), witness.Cosign(newer.ToString(), 1_700_000_000).ToLine());
    }

    private static void AssertOutcome(JsonElement v, LedgerResult<VerifiedNote> result)
    {
        if (string.Equals(v.Str("expect"), "accept", StringComparison.Ordinal))
        {
            Assert.True(result.IsSuccess, result.ToString());
            Assert.Equal(v.GetProperty("expected_verified").EnumerateArray().Select(e => e.GetString()), result.Value.Verified.Select(s => s.Signature.ToString()));
        }
        else
        {
            Assert.False(result.IsSuccess);
            Assert.Equal(v.Str("reject_reason"), result.Error.Code);
        }
    }

    private static TheoryData<string> Concat(TheoryData<string> first, TheoryData<string> second)
    {
        foreach (var row in second)
        {
            first.Add(row.Data);
        }

        return first;
    }
}
