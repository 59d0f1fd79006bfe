using System.Globalization;
using System.Text;
using System.Text.Json;
using Canvass.Cli.Commands;
using Canvass.Cli.Common;
using Canvass.Cli.Finality;
using Canvass.Cli.Imports;
using Canvass.Domain.Elections;
using Canvass.Domain.Events;
using Canvass.Domain.Finality;
using Canvass.Domain.Projections;
using Canvass.Domain.Tabulation;
using Canvass.Ledger;
using Canvass.Storage;
using Canvass.Storage.Finality;
using Canvass.Storage.Logging;
using Canvass.Storage.Serialization;

namespace Canvass.Cli.Verification;

/// <summary>Checks a log without trusting whoever serves it: rebuilds the Merkle tree from the entries, checks the
/// checkpoint's signature against a pinned key, checks consistency with every checkpoint seen before, re-derives every
/// CVR commitment from the committed records, re-tabulates from them, and answers every finality policy for each contest
/// with recorded facts at <paramref name="time"/>'s now, from the facts and rules in the log it checked.</summary>
internal sealed class Verifier(ILogSource source, VerifierState state, string? pinnedKey, TimeProvider time)
{
    private readonly List<string> _notes = [];

    /// <summary>Why a pinned <paramref name="key"/> cannot be this log's: it names another log (another election's key, or
    /// one copied from the wrong notice); null when it names <paramref name="origin"/>.</summary>
    public static string? KeyOfAnotherLog(NoteVerifier key, string origin) =>
        string.Equals(key.Name, origin, StringComparison.Ordinal)
            ? null
            : $"--key is the verifier key of the log {key.Name}, not of this log ({origin}): pin the key published for this election's log";

    public async Task<VerificationReport> VerifyAsync(CancellationToken ct)
    {
        // 1. Whose log, and which key to trust.
        var identity = await source.GetIdentityAsync(ct);
        if (identity is null)
        {
            return Fail(null, 0, null, null, "the source has no log identity (origin and verifier key)");
        }

        var trusted = pinnedKey ?? (state.Logs.TryGetValue(identity.Origin, out var known) ? known.VerifierKey : null);
        if (trusted is null)
        {
            trusted = identity.VerifierKey;
            _notes.Add($"first verification of {identity.Origin}: trusting its key {trusted} from now on (pin it with --key to be sure)");
        }
        else if (!string.Equals(trusted, identity.VerifierKey, StringComparison.Ordinal) && pinnedKey is not null)
        {
            // Pinned: another state file would change nothing, so the advice for a remembered key does not apply.
            return Fail(identity.Origin, 0, null, null, (NoteVerifier.Parse(pinnedKey) is { IsSuccess: true } parsed ? KeyOfAnotherLog(parsed.Value, identity.Origin) : null)
                ?? $"the log presents the key {identity.VerifierKey}, not the pinned --key {trusted}. "
                    + "Treat that as a sign of tampering unless the authority re-created its log on purpose and published its new key");
        }
        else if (!string.Equals(trusted, identity.VerifierKey, StringComparison.Ordinal))
        {
            return Fail(identity.Origin, 0, null, null, $"the log's key changed: it presents {identity.VerifierKey}, but the trusted key is {trusted}. "
                + "Treat that as a sign of tampering unless the authority re-created its log on purpose (a new 'canvass init' of the same election, under the same origin); "
                + "then it is another log: verify it with its own --state file");
        }

        var verifierKey = NoteVerifier.Parse(trusted);
        if (!verifierKey.IsSuccess)
        {
            return Fail(identity.Origin, 0, null, null, "the trusted key is not a C2SP verifier key: " + verifierKey.Error!.Message);
        }

        // 2. The checkpoint: signed by the trusted key, for this origin.
        var checkpointText = await source.GetCheckpointAsync(ct);
        if (checkpointText is null)
        {
            return Fail(identity.Origin, 0, null, null, "there is no signed checkpoint");
        }

        var signed = SignedCheckpoint.Open(Encoding.UTF8.GetBytes(checkpointText), identity.Origin, verifierKey.Value);
        if (!signed.IsSuccess)
        {
            return Fail(identity.Origin, 0, null, null, "the checkpoint is not validly signed by the trusted key: " + signed.Error!.Message);
        }

        var checkpoint = signed.Value.Checkpoint;
        var size = checked((long)checkpoint.TreeSize);
        var rootHex = Convert.ToHexStringLower(checkpoint.RootHash);

        // 3. Rebuild the tree from the entries, checking each one's place.
        var tree = new MerkleTree();
        var events = new List<IEvent>();
        await foreach (var entry in source.ReadEntriesAsync(ct))
        {
            var expected = tree.Size;
            if (entry.Position != expected + 1)
            {
                return Fail(identity.Origin, size, rootHex, expected + 1,
                    $"position {expected + 1} is missing: the next stored event is at position {entry.Position}");
            }

            if (entry.Leaf is null)
            {
                return Fail(identity.Origin, size, rootHex, entry.Position, $"the event at position {entry.Position} is damaged: {entry.Error}");
            }

            var parsed = ParseEntry(entry.Leaf);
            if (parsed.Error is not null || parsed.Position != entry.Position)
            {
                return Fail(identity.Origin, size, rootHex, entry.Position,
                    $"the entry at position {entry.Position} is not a valid Canvass log entry: {parsed.Error ?? "its position field is " + parsed.Position}");
            }

            tree.AppendEntry(entry.Leaf);
            events.Add(parsed.Event!);
        }

        if (tree.Size < size)
        {
            return Fail(identity.Origin, size, rootHex, tree.Size + 1,
                $"the log is truncated: the checkpoint covers {size} entries but only {tree.Size} are present");
        }

        if (size > 0 && !tree.RootAt(size).AsSpan().SequenceEqual(checkpoint.RootHash))
        {
            var at = await FirstChangedPositionAsync(tree, size, ct);
            return Fail(identity.Origin, size, rootHex, at, at is { } p
                ? $"the event at position {p} differs from what was logged and signed"
                : "the entries do not hash to the signed checkpoint's root");
        }

        if (tree.Size > size)
        {
            // What was signed is intact, and more follows. A deleted checkpoint and entries added by someone without the
            // key leave the same store behind, so the failure names both.
            return Fail(identity.Origin, size, rootHex, size + 1, UnsignedEntries.Describe(size, tree.Size));
        }

        // 3b. Every checkpoint the source keeps: each signed by the trusted key at a size the entries reach, with the
        // root they have there. The latest alone can be re-signed over a rewritten history by an operator whose store was
        // changed; the earlier ones then contradict it, even for a verifier who remembers none of them.
        await foreach (var note in source.ReadCheckpointsAsync(ct))
        {
            var earlier = SignedCheckpoint.Open(Encoding.UTF8.GetBytes(note), identity.Origin, verifierKey.Value);
            if (!earlier.IsSuccess)
            {
                return Fail(identity.Origin, size, rootHex, null,
                    "the source keeps a checkpoint that is not validly signed by the trusted key: " + earlier.Error!.Message);
            }

            var at = checked((long)earlier.Value.Checkpoint.TreeSize);
            if (at > size)
            {
                return Fail(identity.Origin, size, rootHex, size + 1,
                    $"the source keeps a checkpoint signed at size {at}, beyond its latest (size {size}): history was removed");
            }

            if (at > 0 && !tree.RootAt(at).AsSpan().SequenceEqual(earlier.Value.Checkpoint.RootHash))
            {
                return Fail(identity.Origin, size, rootHex, null,
                    $"the log is not consistent with the source's own checkpoint signed at size {at}: the history was rewritten after it was signed");
            }
        }

        // 4. Consistency with every checkpoint seen before.
        var consistent = 0;
        if (state.Logs.TryGetValue(identity.Origin, out var seen))
        {
            foreach (var old in seen.Checkpoints)
            {
                if (old.Size > size)
                {
                    return Fail(identity.Origin, size, rootHex, size + 1,
                        $"the log is shorter than a checkpoint verified before (size {old.Size}): history was removed");
                }

                if (old.Size > 0 && !string.Equals(Convert.ToHexStringLower(tree.RootAt(old.Size)), old.Root, StringComparison.Ordinal))
                {
                    return Fail(identity.Origin, size, rootHex, null,
                        $"the log is not consistent with the checkpoint verified before at size {old.Size}: this is a different (forked or rewritten) history");
                }

                consistent++;
            }
        }

        // 5. Every CVR commitment, re-derived from the committed records.
        var imports = 0;
        long ballots = 0;
        var election = ElectionState.Replay(events);
        var definition = election.Definition;
        var index = definition is null ? null : new ElectionIndex(definition);
        var tally = index is null ? null : new CvrTally(index);
        var raire = index is null ? null : RaireCheck.For(events, index);
        var ranked = definition is null ? null : TabulationRunner.RankedBallotsFor(definition);
        // The audit's closings are measured again with the marks of the sampled ballots' CVRs, as close-round read them,
        // and each sampled manifest place's CVR is located again, as the sample drawer located it.
        var audited = index is null ? null : new AuditCvrs(events, index);
        foreach (var c in election.CvrImports)
        {
            var records = source.ReadCvrRecordsAsync(c.ImportId, ct);
            if (records is null)
            {
                return Fail(identity.Origin, size, rootHex, null, $"the committed CVRs of import {c.ImportId} ({c.FileName}) are missing");
            }

            if (CvrRecordEncoding.RecordsPerLeafOf(c.RecordEncoding) is not { } perLeaf)
            {
                return Fail(identity.Origin, size, rootHex, null,
                    $"import {c.ImportId} ({c.FileName}) is committed as '{c.RecordEncoding}', which this version of canvass does not know");
            }

            var commitment = new RecordCommitment(perLeaf);
            audited?.BeginImport(c);
            var failure = await AddRecordsAsync(c, records, commitment, tally, index, raire, ranked, audited);
            if (failure is not null)
            {
                return Fail(identity.Origin, size, rootHex, null, failure);
            }

            var root = Convert.ToHexStringLower(commitment.Root());
            if (commitment.Count != c.BallotCount || !string.Equals(root, c.MerkleRoot, StringComparison.Ordinal))
            {
                return Fail(identity.Origin, size, rootHex, null,
                    $"import {c.ImportId} ({c.FileName}): the CVRs give {commitment.Count} ballots with root {root}, but {c.BallotCount} ballots with root {c.MerkleRoot} were committed");
            }

            imports++;
            ballots += commitment.Count;
        }

        // 6. Re-tabulate from the committed ballots and reported totals; ranked-choice contests round by round, under the
        // rules the log holds for them, as 'tabulate' counts them.
        TabulationReport? tabulation = null;
        ElectionTabulation? atCreation = null;
        if (index is not null)
        {
            try
            {
                var counted = TabulationRunner.WithRounds(definition!, Tabulator.Tabulate(index, tally!, election.ResultReports.Select(r => r.Results)), ranked, election);
                tabulation = TabulationReport.From(definition!, counted, null, null);
                atCreation = audited!.AtCreation(events, index, tally!, ranked);
            }
            catch (InvalidDataException ex)
            {
                return Fail(identity.Origin, size, rootHex, null, ex.Message);
            }
        }

        // 7. The audit: manifests (against the CVRs, too), what it was created with, the seed's place, every round's sample
        // re-derived from the seed and its CVRs located again, and every closing measured again.
        var audit = AuditCheck.Run(events, index is null ? null : new ClosingInputs(index, audited!.Marks, audited.AtPlaces, atCreation, audited.BatchVotes, audited.BatchCounts));
        if (audit.Failure is not null)
        {
            return Fail(identity.Origin, size, rootHex, null, audit.Failure);
        }

        if (audit.Note is not null)
        {
            _notes.Add(audit.Note);
        }

        if (raire?.Check() is { } rcv)
        {
            if (rcv.Failure is not null)
            {
                return Fail(identity.Origin, size, rootHex, null, rcv.Failure);
            }

            _notes.Add(rcv.Note!);
        }

        // 8. Is it final? Every built-in policy, for each contest with a recorded fact, replayed from the entries just
        // checked as 'canvass finality' replays a store.
        var finality = Finality(events, time.GetUtcNow());
        RememberCheckpoint(identity.Origin, trusted, size, rootHex);
        return new VerificationReport(true, source.Description, identity.Origin, size, rootHex, consistent, imports, ballots, null, null, _notes, tabulation, finality);
    }

    /// <summary>Each contest with a recorded fact under each built-in policy at <paramref name="now"/>, in definition
    /// order; null when the log has no election. Logged rules that do not read are a note, not a failure: the log is
    /// what was signed, and finality cannot be answered under other rules than the log's.</summary>
    private FinalityAt? Finality(List<IEvent> events, DateTimeOffset now)
    {
        var loaded = FinalityReader.FromEvents(events.Select((e, i) => ((long)i + 1, e)));
        if (!loaded.IsSuccess)
        {
            if (loaded.Problems.Any(p => p.Code != Domain.ProblemCodes.NoElection))
            {
                _notes.Add("finality not answered: " + string.Join("; ", loaded.Problems.Select(p => p.Message)));
            }

            return null;
        }

        var evaluator = loaded.Value;
        var policies = BuiltInPolicies.Names.Select(p => FinalityPolicy.Parse(p).Value).ToList();
        var reports = new List<FinalityReport>();
        foreach (var contest in evaluator.Definition.Contests.Select(c => c.Id.Value).Where(c => evaluator.FactsOf(c).Any()))
        {
            foreach (var policy in policies)
            {
                var a = evaluator.Evaluate(policy, contest, now);
                reports.Add(new FinalityReport(a.Contest, a.Policy, a.Expression, a.At, a.Final, a.Since, a.Reasons, a.Positions, null));
            }
        }

        return new FinalityAt(now, reports);
    }

    private static async Task<string?> AddRecordsAsync(
        CvrsCommitted c, IAsyncEnumerable<byte[]> records, RecordCommitment commitment, CvrTally? tally, ElectionIndex? index, RaireCheck? raire, RankedBallots? ranked,
        AuditCvrs? audited)
    {
        try
        {
            // Records arrive in canonical form; a commitment of fields records is re-derived from each decoded ballot.
            var fields = c.RecordEncoding == CvrRecordEncoding.Commitment;
            var counties = new bool[index?.Definition.GpUnits.Length ?? 0];
            var contests = new bool[index?.Definition.Contests.Length ?? 0];
            await foreach (var record in records)
            {
                var ballot = fields || tally is not null ? CvrRecordEncoding.Decode(record) : null;
                var indexInImport = commitment.Count;
                commitment.Add(fields ? CvrRecordEncoding.Committed(ballot!, c.RecordEncoding) : record);
                if (tally is not null)
                {
                    var cvr = StoredBallots.ToCastVoteRecord(ballot!, index!);
                    counties[cvr.County] = true;
                    foreach (var contest in cvr.Contests)
                    {
                        contests[contest.Contest] = true;
                    }

                    tally.Add(cvr);
                    raire?.Add(cvr);
                    ranked?.Add(cvr);
                    audited?.Add(ballot!, cvr, c.ImportId, indexInImport);
                }
            }

            // The counties and contests the commitment names are what the audit and the input locks go by.
            if (index is not null)
            {
                string[] held = [.. index.Definition.GpUnits.Where((_, i) => counties[i]).Select(u => u.Id.Value).Order(StringComparer.Ordinal)];
                string[] carried = [.. index.Definition.Contests.Where((_, i) => contests[i]).Select(x => x.Id.Value).Order(StringComparer.Ordinal)];
                if (!held.SequenceEqual(c.Counties, StringComparer.Ordinal) || !carried.SequenceEqual(c.Contests, StringComparer.Ordinal))
                {
                    return $"import {c.ImportId} ({c.FileName}): its records hold ballots of {string.Join(", ", held)} carrying {string.Join(", ", carried)}, "
                        + $"but its commitment names {string.Join(", ", c.Counties)} and {string.Join(", ", c.Contests)}";
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or JsonException or ArgumentException or HttpRequestException)
        {
            return $"import {c.ImportId} ({c.FileName}): record {commitment.Count} cannot be read as a ballot of this election: {ex.Message}";
        }

        return null;
    }

    private async Task<long?> FirstChangedPositionAsync(MerkleTree tree, long size, CancellationToken ct)
    {
        // The source's persisted tree still reflects what was logged; the first size whose root differs from the
        // rebuilt one is the first changed position. Roots of prefixes are monotone in "has a change", so bisect.
        if (await source.GetPersistedRootAsync(size, ct) is null)
        {
            return null;
        }

        long lo = 1, hi = size;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var persisted = await source.GetPersistedRootAsync(mid, ct);
            if (persisted is not null && persisted.AsSpan().SequenceEqual(tree.RootAt(mid)))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        var last = await source.GetPersistedRootAsync(lo, ct);
        return last is not null && last.AsSpan().SequenceEqual(tree.RootAt(lo)) ? null : lo;
    }

    private void RememberCheckpoint(string origin, string key, long size, string root)
    {
        if (!state.Logs.TryGetValue(origin, out var log))
        {
            log = new KnownLog(key, []);
            state.Logs[origin] = log;
        }

        if (!log.Checkpoints.Exists(c => c.Size == size))
        {
            log.Checkpoints.Add(new KnownCheckpoint(size, root));
        }
    }

    private VerificationReport Fail(string? origin, long size, string? root, long? position, string failure) =>
        new(false, source.Description, origin, size, root, 0, 0, 0, position, failure, _notes, null, null);

    private static (long Position, IEvent? Event, string? Error) ParseEntry(byte[] leaf)
    {
        try
        {
            using var doc = JsonDocument.Parse(leaf);
            var root = doc.RootElement;
            var position = root.GetProperty("position").GetInt64();
            var type = root.GetProperty("type").GetString()!;
            var data = root.GetProperty("data").GetRawText();
            return (position, EventSerializer.Deserialize(type, data), null);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or NotSupportedException)
        {
            return (0, null, e.Message);
        }
    }

    public static string Describe(VerificationReport r)
    {
        var c = CultureInfo.InvariantCulture;
        return r.Ok
            ? $"verified {r.Origin}: {r.LogSize.ToString("N0", c)} entries, root {r.Root}, signed by the trusted key; consistent with {Quantity.Of(r.ConsistentWithEarlierCheckpoints, "checkpoint")} seen before; {Quantity.Of(r.CvrImportsVerified, "CVR commitment")} re-derived from {Quantity.Of(r.BallotsVerified, "ballot")}"
            : $"FAILED{(r.FailedPosition is { } p ? " at position " + p.ToString(c) : "")}: {r.Failure}";
    }
}
