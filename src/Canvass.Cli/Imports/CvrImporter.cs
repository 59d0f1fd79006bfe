using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using Canvass.Domain;
using Canvass.Domain.Elections;
using Canvass.Domain.Events;
using Canvass.Formats.Common;
using Canvass.Formats.Cvr;
using Canvass.Ledger;
using Canvass.Storage;

namespace Canvass.Cli.Imports;

/// <summary>Imports one file of cast vote records, all or nothing.</summary>
/// <remarks>
/// The file is read once, streaming, inside one store transaction; every ballot is checked against the election as it is
/// read, folded into the import's commitment and written to the bulk tables. Its SHA-256, which names the import and
/// makes bytes imported before change nothing, is computed at the same time on a thread of its own: the store holds the
/// first pages until it is known, and a file imported before stops the reading there. Only when
/// the whole file has been read with no problem, no duplicate ballot id and no double count is the transaction
/// committed together with one <see cref="CvrsCommitted"/> event. Anything else rolls back: nothing is stored.
/// </remarks>
internal static class CvrImporter
{
    public static async Task<ImportOutcome> ImportAsync(
        ElectionSession session,
        string path,
        Action<long, long>? progress,
        CancellationToken cancellationToken,
        CountItemType nistVoteMethod = CountItemType.Other)
    {
        // The digest beside the reading: first, it took half a second of 10 M ballots' import with one core idle.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var digest = FileDigest.Sha256Async(path, cancellationToken);
        ImportRecord? earlier = null;
        var importId = IdentifyAsync();
        try
        {
            return await ImportAsync(session, path, digest, importId, progress, nistVoteMethod, stop.Token);
        }
        catch (OperationCanceledException) when (earlier is not null)
        {
            return ImportOutcome.Earlier(path, "cvr", earlier);
        }

        // The import's id, from the digest; a file imported before stops the import instead.
        async Task<string> IdentifyAsync()
        {
            var sha = await digest;
            if (await session.Store.FindImportAsync(sha, cancellationToken) is { } record)
            {
                earlier = record;
                await stop.CancelAsync();
                stop.Token.ThrowIfCancellationRequested();
            }

            return "cvr-" + sha[..16];
        }
    }

    /// <summary>Reads, checks and stores the file; every outcome waits first for <paramref name="importId"/>, which fails
    /// when the file was imported before.</summary>
    private static async Task<ImportOutcome> ImportAsync(
        ElectionSession session,
        string path,
        Task<string> digest,
        Task<string> importId,
        Action<long, long>? progress,
        CountItemType nistVoteMethod,
        CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(path);
        var definition = session.Definition!;
        var index = session.Index;
        var problems = new ProblemList(path);
        var reader = CvrReaders.ForFile(path, nistVoteMethod);
        if (reader is null)
        {
            await importId;
            return new ImportOutcome(path, "cvr", "rejected", 0, await digest,
                [new Problem(ProblemCodes.Unsupported, "Unknown CVR format: use .csv (Canvass CSV), .json or .xml (NIST SP 1500-103).", path)]);
        }

        var covered = ResultsCoverage(session);
        var counties = new HashSet<int>();
        var contests = new HashSet<int>();
        var doubleCounted = new HashSet<(int Contest, int County)>();
        long count = 0;

        // Records the ballot's county and contests, and lists a contest whose totals the county already reported.
        void Account(int county, ImmutableArray<int> ballotContests, long line)
        {
            counties.Add(county);
            foreach (var contest in ballotContests)
            {
                if ((contests.Add(contest) || covered.Count > 0)
                    && covered.Contains((definition.Contests[contest].Id.Value, definition.GpUnits[county].Id.Value))
                    && doubleCounted.Add((contest, county)))
                {
                    problems.Add(ProblemCodes.DoubleCount,
                        $"{definition.GpUnits[county].Id} already has reported totals for contest {definition.Contests[contest].Id}; importing ballots for it would count its votes twice.",
                        line);
                }
            }
        }

        await using var file = new CountingStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan));
        var length = file.Length;
        await using var import = await session.Store.BeginBallotImportAsync(importId, fileName, cancellationToken);

        // Two stages, one a core: this thread reads and checks ballots into batches; the storing thread folds each ballot's
        // committed record into the commitment and stores it. The hand-over holds two batches, so memory is bounded. (A third
        // thread for the commitment was slower on two cores: three busy threads took turns and spun waiting for each other;
        // with blocking hand-overs and no spinning it was still slower, 6.70 / 7.79 / 8.54 s against 6.42 / 6.35 / 7.89 s.
        // Folding on this thread instead was slower too, by 0.6-1.1 s in 10 M ballots.)
        using var toStore = new BlockingCollection<Batch>(2);
        var commitment = new RecordCommitment(CvrRecordEncoding.RecordsPerLeaf);
        var encoded = new EncodedFields(definition);
        var pool = new ConcurrentBag<Batch>();
        var stored = Stage(toStore, batch =>
        {
            batch.CommitAndStore(commitment, import, definition);
            batch.Release(pool);
        }, cancellationToken);
        var batch = Batch.Rent(pool);
        try
        {
            // The reader hands each ballot over in its own buffers; the batch copies what it keeps, so reading allocates
            // nothing per ballot. This callback runs on this thread and waits here while the storing stage is full.
            // A ballot whose county's last ballot carried the same contests adds nothing new here, which skips its ten set
            // lookups even when the county changes from one row to the next. (The Canvass CSV reader shares one contest
            // list between the ballots of a unit and style, so the check is mostly a reference comparison.)
            var lastContests = new ImmutableArray<int>[definition.GpUnits.Length];
            reader.ReadRows(file, index, problems, (in CvrRow b) =>
            {
                ref var last = ref lastContests[b.County];
                if (last != b.Contests)
                {
                    if (last.IsDefault || !last.AsSpan().SequenceEqual(b.Contests.AsSpan()))
                    {
                        Account(b.County, b.Contests, b.Line);
                    }

                    last = b.Contests;
                }

                batch.Add(b, encoded, definition);
                count++;
                if (batch.IsFull)
                {
                    toStore.Add(batch, cancellationToken);

                    batch = Batch.Rent(pool);
                    progress?.Invoke(file.BytesRead, length);
                }
            }, cancellationToken);

            if (batch.Count > 0)
            {
                toStore.Add(batch, cancellationToken);
            }
        }
        finally
        {
            toStore.CompleteAdding();
            await stored;
        }

        progress?.Invoke(file.BytesRead, length);
        var id = await importId;
        var sha = await digest;
        if (count == 0 && !problems.HasProblems)
        {
            problems.Add(ProblemCodes.EmptyFile, "The file holds no cast vote records.");
        }

        // These are checked whatever the rows' own problems, so that one run lists everything to mend: an audit that holds
        // these counties, and ids repeated among the rows that were read without a problem.
        if (await Audit.AuditStore.CvrRefusalAsync(session.Store,
                contests.Select(c => definition.Contests[c].Id.Value), [.. counties.Select(c => definition.GpUnits[c].Id.Value)], path, cancellationToken) is { } locked)
        {
            problems.Add(locked);
        }

        if (count > 0)
        {
            foreach (var d in await import.FindDuplicatesAsync(problems.Limit, cancellationToken))
            {
                var where = d.ExistingFile is not null
                    ? $"already imported from {d.ExistingFile}"
                    : $"first seen on line {d.FirstLine}";
                problems.Add(ProblemCodes.DuplicateBallot, $"Ballot id '{d.BallotId}' occurs twice ({where}).", d.Line, reader is CanvassCsvCvrReader ? "ballot_id" : null);
            }
        }

        if (problems.HasProblems)
        {
            // Disposing the import without committing rolls the transaction back.
            return new ImportOutcome(path, "cvr", "rejected", 0, sha, problems.ToImmutable());
        }

        var committed = new CvrsCommitted(
            id,
            fileName,
            sha,
            reader.Format,
            count,
            [.. counties.Select(c => definition.GpUnits[c].Id.Value).Order(StringComparer.Ordinal)],
            [.. contests.Select(c => definition.Contests[c].Id.Value).Order(StringComparer.Ordinal)],
            CvrRecordEncoding.Commitment,
            Convert.ToHexStringLower(commitment.Root()));
        await import.CommitAsync(Streams.Election, session.State.Version, [committed], new ImportRecord(sha, "cvr", fileName, count), cancellationToken);
        await session.RefreshAsync(cancellationToken);
        return new ImportOutcome(path, "cvr", "imported", count, sha);
    }

    private const int BatchSize = 1024;

    /// <summary>Runs <paramref name="work"/> on each batch on a thread of its own. Both sides of the hand-over block
    /// and wake each other directly: a channel's waits complete through the thread pool, and on two cores the pool
    /// threads it wakes for every batch, spinning for more work, took a tenth of a core from the two stages. If the work
    /// fails, no more batches are taken, so the reading thread stops at its next hand-over (its own exception gives way
    /// to this one when the stage is awaited) instead of waiting for room forever.</summary>
    private static Task Stage(BlockingCollection<Batch> batches, Action<Batch> work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(
            () =>
            {
                try
                {
                    foreach (var batch in batches.GetConsumingEnumerable(cancellationToken))
                    {
                        work(batch);
                    }
                }
                catch
                {
                    batches.CompleteAdding();
                    throw;
                }
            },
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    /// <summary>The stored fields of a ballot read: the ids of its units and style in place of their positions.</summary>
    internal static BallotFields Fields(in CvrRow b, Domain.Elections.ElectionDefinition definition) => Fields(
        b.BallotId, b.County, b.Precinct, b.BatchId, b.VoteMethod, b.BallotStyle, b.MarkParts.IsEmpty ? b.Marks : default, definition, b.MarkParts, b.PartTable);

    private static BallotFields Fields(ReadOnlySpan<char> ballotId, int county, int precinct, string? batchId, CountItemType voteMethod, int ballotStyle, ReadOnlySpan<char> marks, Domain.Elections.ElectionDefinition definition,
        ReadOnlySpan<int> markParts = default, Domain.Ballots.MarkPartTable? partTable = null, ReadOnlySpan<byte> ballotIdUtf8 = default) => new(
        ballotId,
        definition.GpUnits[county].Id.Value,
        precinct >= 0 ? definition.GpUnits[precinct].Id.Value : null,
        batchId,
        voteMethod,
        ballotStyle >= 0 ? definition.BallotStyles[ballotStyle].Id.Value : null,
        marks,
        markParts,
        partTable,
        ballotIdUtf8);

    private static ImmutableHashSet<(string Contest, string County)> ResultsCoverage(ElectionSession session)
    {
        var index = session.Index;
        var set = ImmutableHashSet.CreateBuilder<(string, string)>();
        foreach (var report in session.State.ResultReports)
        {
            foreach (var c in report.Results.Counts)
            {
                set.Add((c.Contest.Value, index.CountyOf(c.Unit).Value));
            }

            // Overvotes and undervotes count a county's ballots too: with ballots beside them, tabulation cannot go on.
            foreach (var c in report.Results.ContestCounts.IsDefault ? [] : report.Results.ContestCounts)
            {
                set.Add((c.Contest.Value, index.CountyOf(c.Unit).Value));
            }
        }

        return set.ToImmutable();
    }

    /// <summary>The <see cref="CvrRecordEncoding.FieldsName"/> fields that recur from ballot to ballot, each encoded once:
    /// the election's units and styles by position, the vote methods, and the batch last met.</summary>
    private sealed class EncodedFields(Domain.Elections.ElectionDefinition definition)
    {
        private static readonly byte[] Absent = CvrRecordEncoding.EncodeField(null);
        private static readonly byte[][] Methods = [.. Enumerable.Range(0, (int)Enum.GetValues<CountItemType>().Max() + 1)
            .Select(m => Enum.IsDefined((CountItemType)m) ? CvrRecordEncoding.EncodeField(((CountItemType)m).ToNistName()) : [])];

        private readonly byte[][] _units = [.. definition.GpUnits.Select(u => CvrRecordEncoding.EncodeField(u.Id.Value))];
        private readonly byte[][] _styles = [.. definition.BallotStyles.Select(s => CvrRecordEncoding.EncodeField(s.Id.Value))];
        private readonly ArrayBufferWriter<byte> _batchField = new(64);
        private string? _batch;

        /// <summary>The unit at <paramref name="position"/>, or an absent field for -1.</summary>
        public ReadOnlySpan<byte> Unit(int position) => position >= 0 ? _units[position] : Absent;

        /// <summary>The style at <paramref name="position"/>, or an absent field for -1.</summary>
        public ReadOnlySpan<byte> Style(int position) => position >= 0 ? _styles[position] : Absent;

        public static ReadOnlySpan<byte> Method(CountItemType method) => Methods[(int)method];

        /// <summary>The batch (readers hand over one string for consecutive ballots of a batch), or an absent field.</summary>
        public ReadOnlySpan<byte> Batch(string? batch)
        {
            if (batch is null)
            {
                return Absent;
            }

            if (!ReferenceEquals(batch, _batch))
            {
                // Re-encoded in place: in a file whose batches interleave, this runs on nearly every row.
                _batchField.ResetWrittenCount();
                CvrRecordEncoding.EncodeField(batch, _batchField);
                _batch = batch;
            }

            return _batchField.WrittenSpan;
        }
    }

    /// <summary>Consecutive ballots with their lines: the ids and marks copied into one character buffer, the rest as
    /// positions, and each ballot's <see cref="CvrRecordEncoding.FieldsName"/> record, which the reading thread writes
    /// (it has the time; the storing thread is the import's limit). Read-only once full: the storing stage returns it to
    /// the pool when it is done with it, so batches and their buffers are reused rather than allocated per
    /// <see cref="BatchSize"/> ballots.</summary>
    private sealed class Batch
    {
        private readonly Entry[] _entries = new Entry[BatchSize];
        private readonly ArrayBufferWriter<byte> _records = new(BatchSize * 192);
        private char[] _text = new char[BatchSize * 192];
        private int _textLength;
        private int[] _parts = new int[BatchSize * 16];
        private int _partsLength;
        private Domain.Ballots.MarkPartTable? _partTable;

        public int Count { get; private set; }

        public bool IsFull => Count == BatchSize;

        public static Batch Rent(ConcurrentBag<Batch> pool)
        {
            var batch = pool.TryTake(out var reused) ? reused : new Batch();
            return batch;
        }

        public void Add(in CvrRow ballot, EncodedFields encoded, Domain.Elections.ElectionDefinition definition)
        {
            var recordStart = _records.WrittenCount;
            var id = CvrRecordEncoding.EncodeFieldsTo(encoded.Unit(ballot.County), encoded.Unit(ballot.Precinct), encoded.Batch(ballot.BatchId),
                EncodedFields.Method(ballot.VoteMethod), encoded.Style(ballot.BallotStyle), CvrImporter.Fields(ballot, definition), _records);

            // Part numbers are kept only while every ballot of the batch has them from one table; a ballot that has none
            // (or another table's) keeps its marks' text instead.
            var parts = ballot.MarkParts;
            var numbered = !parts.IsEmpty && (_partTable is null || _partTable == ballot.PartTable);
            var marks = numbered ? default : ballot.Marks;
            if (!numbered)
            {
                parts = default;
            }

            var needed = _textLength + ballot.BallotId.Length + marks.Length;
            if (needed > _text.Length)
            {
                Array.Resize(ref _text, Math.Max(needed, _text.Length * 2));
            }

            var idStart = _textLength;
            ballot.BallotId.CopyTo(_text.AsSpan(_textLength));
            _textLength += ballot.BallotId.Length;
            marks.CopyTo(_text.AsSpan(_textLength));
            _textLength += marks.Length;

            var partsStart = _partsLength;
            if (numbered)
            {
                _partTable = ballot.PartTable;
                if (_partsLength + parts.Length > _parts.Length)
                {
                    Array.Resize(ref _parts, Math.Max(_partsLength + parts.Length, _parts.Length * 2));
                }

                parts.CopyTo(_parts.AsSpan(_partsLength));
                _partsLength += parts.Length;
            }

            _entries[Count] = new Entry(idStart, ballot.BallotId.Length, marks.Length, partsStart, parts.Length, ballot.County, ballot.Precinct,
                ballot.BallotStyle, ballot.VoteMethod, ballot.BatchId, ballot.Line, recordStart, _records.WrittenCount - recordStart, id);
            Count++;
        }

        /// <summary>Folds each ballot's <see cref="CvrRecordEncoding.FieldsName"/> record into <paramref name="commitment"/>
        /// and adds the ballot to <paramref name="import"/> (with its id's UTF-8 from the record), in order.</summary>
        public void CommitAndStore(RecordCommitment commitment, IBallotImport import, Domain.Elections.ElectionDefinition definition)
        {
            var records = _records.WrittenSpan;
            for (var i = 0; i < Count; i++)
            {
                ref readonly var e = ref _entries[i];
                var record = records.Slice(e.RecordStart, e.RecordLength);
                commitment.Add(record);
                var text = _text.AsSpan(e.Start, e.IdLength + e.MarksLength);
                import.Add(
                    CvrImporter.Fields(text[..e.IdLength], e.County, e.Precinct, e.BatchId, e.VoteMethod, e.Style, text[e.IdLength..], definition,
                        _parts.AsSpan(e.PartsStart, e.PartsLength), e.PartsLength == 0 ? null : _partTable, record[e.Id]),
                    e.Line);
            }
        }

        public void Release(ConcurrentBag<Batch> pool)
        {
            Array.Clear(_entries, 0, Count);
            _records.ResetWrittenCount();
            Count = 0;
            _textLength = 0;
            _partsLength = 0;
            _partTable = null;
            pool.Add(this);
        }

        /// <summary>One ballot: where its id and then its marks are in the text buffer, and its other fields.</summary>
        private readonly record struct Entry(int Start, int IdLength, int MarksLength, int PartsStart, int PartsLength, int County, int Precinct, int Style, CountItemType VoteMethod, string? BatchId, long Line,
            int RecordStart, int RecordLength, Range Id);
    }
}
