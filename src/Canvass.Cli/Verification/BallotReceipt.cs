using System.Globalization;
using System.Text;
using Canvass.Cli.Imports;
using Canvass.Domain.Events;
using Canvass.Ledger;
using Canvass.Storage;

namespace Canvass.Cli.Verification;

/// <summary>Evidence that one ballot's cast vote record was committed before anything was counted or audited: the
/// record, its inclusion proof in its import's Merkle commitment (the records of its leaf and the leaf's audit path),
/// and the log entry of that commitment with its inclusion proof against a signed checkpoint.</summary>
/// <remarks>Text form (every line ends with a line feed):
/// <code>
/// canvass.ballot-receipt/v2
/// ballot BALLOT-ID
/// import IMPORT-ID
/// record BASE64(canvass-cvr-record.v1 bytes)
/// index I
/// count N
/// per-leaf K
/// leaf BASE64(committed record)…  (the K records, or fewer in the last leaf, of the ballot's leaf, in order, as the
///                                  commitment encodes them: canvass-cvr-fields.v1 for canvass-cvr-fields64.v1)
/// root HEX(commitment root)
/// BASE64(proof hash)…
/// entry BASE64(log entry of the cvrs-committed event)
///
/// c2sp.org/tlog-proof@v1 bundle of that entry
/// </code></remarks>
internal sealed record BallotReceipt(
    string BallotId,
    string ImportId,
    byte[] Record,
    long Index,
    long Count,
    string Root,
    RecordInclusion RecordProof,
    byte[] Entry,
    TlogProof EntryProof)
{
    public const string Header = "canvass.ballot-receipt/v2";

    public static async Task<BallotReceipt> CreateAsync(ElectionSession session, BallotLocation location, CancellationToken ct)
    {
        long position = 0;
        CvrsCommitted? committed = null;
        await foreach (var e in session.Store.ReadStreamAsync(Streams.Election, 1, ct))
        {
            if (e.Event is CvrsCommitted c && c.ImportId == location.ImportId)
            {
                position = e.Position;
                committed = c;
            }
        }

        if (committed is null)
        {
            throw new InvalidDataException($"No commitment event for import {location.ImportId}.");
        }

        var perLeaf = CvrRecordEncoding.RecordsPerLeafOf(committed.RecordEncoding)
            ?? throw new InvalidDataException($"Import {location.ImportId} is committed as '{committed.RecordEncoding}', which this version of canvass does not know.");
        var records = session.Store.ReadImportBallotsAsync(location.ImportId, ct).ToBlockingEnumerable(ct).Select(b => CvrRecordEncoding.Committed(b, committed.RecordEncoding));
        var proof = RecordCommitment.ProveInclusion(records, location.IndexInImport, location.ImportCount, perLeaf);

        byte[]? entry = null;
        await foreach (var le in session.Store.ReadLogAsync(position - 1, position, ct))
        {
            entry = le.Leaf ?? throw new InvalidDataException($"Log entry {le.Index} cannot be encoded: {le.Error}");
        }

        var (note, size, problem) = await Commands.LogCommand.CheckpointAsync(session.Store, null, ct);
        if (problem is not null)
        {
            throw new InvalidDataException(problem);
        }

        var entryProof = await session.Store.ProveInclusionAsync(position - 1, size, ct);
        return new BallotReceipt(
            location.Ballot.BallotId,
            location.ImportId,
            CvrRecordEncoding.Encode(location.Ballot),
            location.IndexInImport,
            location.ImportCount,
            committed.MerkleRoot,
            proof,
            entry ?? throw new InvalidDataException($"No log entry at position {position}."),
            new TlogProof((ulong)(position - 1), entryProof, note!));
    }

    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(Header).Append('\n');
        sb.Append("ballot ").Append(BallotId).Append('\n');
        sb.Append("import ").Append(ImportId).Append('\n');
        sb.Append("record ").Append(Convert.ToBase64String(Record)).Append('\n');
        sb.Append("index ").Append(Index.ToString(c)).Append('\n');
        sb.Append("count ").Append(Count.ToString(c)).Append('\n');
        sb.Append("per-leaf ").Append(RecordProof.RecordsPerLeaf.ToString(c)).Append('\n');
        foreach (var r in RecordProof.LeafRecords)
        {
            sb.Append("leaf ").Append(Convert.ToBase64String(r)).Append('\n');
        }

        sb.Append("root ").Append(Root).Append('\n');
        foreach (var h in RecordProof.Proof)
        {
            sb.Append(Convert.ToBase64String(h)).Append('\n');
        }

        sb.Append("entry ").Append(Convert.ToBase64String(Entry)).Append('\n');
        sb.Append('\n');
        sb.Append(EntryProof.ToString());
        return sb.ToString();
    }

    /// <summary>Parses the text form; null with a reason when it is not a receipt.</summary>
    public static (BallotReceipt? Receipt, string? Error) Parse(string text)
    {
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (!text.StartsWith(Header + "\n", StringComparison.Ordinal) || split < 0)
        {
            return (null, "not a " + Header + " receipt");
        }

        var lines = text[..split].Split('\n');
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var leaf = new List<byte[]>();
        var proof = new List<byte[]>();
        try
        {
            foreach (var line in lines.Skip(1))
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                if (space > 0 && line[..space] == "leaf")
                {
                    leaf.Add(Convert.FromBase64String(line[(space + 1)..]));
                }
                else if (space > 0)
                {
                    fields[line[..space]] = line[(space + 1)..];
                }
                else
                {
                    proof.Add(Convert.FromBase64String(line));
                }
            }

            var tlog = TlogProof.Parse(Encoding.UTF8.GetBytes(text[(split + 2)..]));
            if (!tlog.IsSuccess)
            {
                return (null, "its log proof is malformed: " + tlog.Error!.Message);
            }

            var c = CultureInfo.InvariantCulture;
            var record = Convert.FromBase64String(fields["record"]);
            var perLeaf = int.Parse(fields["per-leaf"], NumberStyles.None, c);
            return (new BallotReceipt(
                fields["ballot"],
                fields["import"],
                record,
                long.Parse(fields["index"], NumberStyles.None, c),
                long.Parse(fields["count"], NumberStyles.None, c),
                fields["root"],
                new RecordInclusion(perLeaf, leaf, proof),
                Convert.FromBase64String(fields["entry"]),
                tlog.Value), null);
        }
        catch (Exception e) when (e is FormatException or KeyNotFoundException or OverflowException)
        {
            return (null, "malformed receipt: " + e.Message);
        }
    }

    /// <summary>The origin of the checkpoint the receipt was proven against.</summary>
    public string Origin => EntryProof.Checkpoint.Text.Split('\n')[0];

    /// <summary>Checks every link: the record is the ballot's, it is in the commitment, the commitment is the log entry's,
    /// and the entry is in the log under a checkpoint signed by <paramref name="logKey"/>. Null when all hold.</summary>
    public string? Verify(NoteVerifier logKey) => VerifyCommitment() ?? VerifyInLog(Origin, logKey);

    /// <summary>The log's part: the entry is in the log of <paramref name="origin"/> under the receipt's checkpoint,
    /// signed by <paramref name="logKey"/>. Null when it holds.</summary>
    public string? VerifyInLog(string origin, NoteVerifier logKey)
    {
        var inLog = EntryProof.Verify(TreeHash.HashLeaf(Entry), origin, logKey);
        return inLog.IsSuccess ? null : "the commitment is not proven in the signed log: " + inLog.Error!.Message;
    }

    /// <summary>The ballot's part: the record is the ballot's, it is in the commitment, and the commitment is the log
    /// entry's. Null when all hold.</summary>
    public string? VerifyCommitment()
    {
        StoredBallot ballot;
        try
        {
            ballot = CvrRecordEncoding.Decode(Record);
        }
        catch (FormatException e)
        {
            return "the record is not a canvass-cvr-record.v1: " + e.Message;
        }

        if (ballot.BallotId != BallotId)
        {
            return $"the record is ballot {ballot.BallotId}, not {BallotId}";
        }

        string encoding;
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(Entry);
            var data = doc.RootElement.GetProperty("data");
            if (doc.RootElement.GetProperty("type").GetString() != "cvrs-committed.v1"
                || data.GetProperty("importId").GetString() != ImportId
                || data.GetProperty("merkleRoot").GetString() != Root
                || data.GetProperty("ballotCount").GetInt64() != Count)
            {
                return "the log entry is not the commitment of this import with this root and count";
            }

            encoding = data.GetProperty("recordEncoding").GetString() ?? "";
            if (CvrRecordEncoding.RecordsPerLeafOf(encoding) != RecordProof.RecordsPerLeaf)
            {
                return $"the log entry's commitment does not hold {RecordProof.RecordsPerLeaf} records per leaf";
            }
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return "the log entry is malformed: " + e.Message;
        }

        var root = Convert.FromHexString(Root);
        var inCommitment = RecordCommitment.VerifyInclusion(CvrRecordEncoding.Committed(ballot, encoding), (ulong)Index, (ulong)Count, RecordProof, root);
        return inCommitment.IsSuccess ? null : "the record is not in the commitment: " + inCommitment.Error!.Message;
    }
}
