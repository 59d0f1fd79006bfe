using System.Collections.Immutable;
using System.Threading.Channels;
using Canvass.Domain;
using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;
using Canvass.Domain.Events;
using Canvass.Formats.Common;
using Canvass.Formats.Cvr;
using Canvass.Ledger;
using Canvass.Storage;

namespace Canvass.Cli.Imports;

/// <summary>Imports one file of cast vote records, all or nothing.</summary>
/// <remarks>
/// The file is hashed first: bytes imported before change nothing. Then it is read once, streaming, inside one store
/// transaction; every ballot is checked against the election as it is read and written to the bulk table. Only when
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
        var fileName = Path.GetFileName(path);
        var sha = await FileDigest.Sha256Async(path, cancellationToken);
        if (await session.Store.FindImportAsync(sha, cancellationToken) is { } earlier)
        {
            return new ImportOutcome(path, "cvr", "unchanged", earlier.Records, sha);
        }

        var definition = session.Definition!;
        var index = session.Index;
        var problems = new ProblemList(path);
        var reader = CvrReaders.ForFile(path, nistVoteMethod);
        if (reader is null)
        {
            return new ImportOutcome(path, "cvr", "rejected", 0, sha,
                [new Problem(ProblemCodes.Unsupported, "Unknown CVR format: use .csv (Canvass CSV), .json or .xml (NIST SP 1500-103).", path)]);
        }

        var covered = ResultsCoverage(session);
        var counties = new HashSet<int>();
        var contests = new HashSet<int>();
        var doubleCounted = new HashSet<(int Contest, int County)>();
        long count = 0;

        await using var file = new CountingStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan));
        var length = file.Length;
        var importId = "cvr-" + sha[..16];
        await using var import = await session.Store.BeginBallotImportAsync(importId, fileName, cancellationToken);

        // Two stages on two cores: this thread reads, checks and encodes ballots; the writer thread stores them.
        var batches = Channel.CreateBounded<Batch>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        var writer = Task.Factory.StartNew(
            () => WriteBatches(import, batches.Reader, cancellationToken),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap();
        var batch = new Batch(BatchSize);
        var commitment = new RecordCommitment();
        try
        {
            foreach (var record in reader.Read(file, index, problems, cancellationToken))
            {
                var b = record.Ballot;
                counties.Add(b.County);
                foreach (var cm in b.Contests)
                {
                    if (contests.Add(cm.Contest) || covered.Count > 0)
                    {
                        if (covered.Contains((definition.Contests[cm.Contest].Id.Value, definition.GpUnits[b.County].Id.Value))
                            && doubleCounted.Add((cm.Contest, b.County)))
                        {
                            problems.Add(ProblemCodes.DoubleCount,
                                $"{definition.GpUnits[b.County].Id} already has reported totals for contest {definition.Contests[cm.Contest].Id}; importing ballots for it would count its votes twice.",
                                record.Line);
                        }
                    }
                }

                var stored = ToStored(b, definition);
                commitment.Add(CvrRecordEncoding.Encode(stored));
                batch.Add(stored, record.Line);
                count++;
                if (batch.IsFull)
                {
                    await batches.Writer.WriteAsync(batch, cancellationToken);
                    batch = new Batch(BatchSize);
                    progress?.Invoke(file.BytesRead, length);
                }
            }

            if (batch.Count > 0)
            {
                await batches.Writer.WriteAsync(batch, cancellationToken);
            }
        }
        finally
        {
            batches.Writer.TryComplete();
            await writer;
        }

        progress?.Invoke(file.BytesRead, length);
        if (count == 0 && !problems.HasProblems)
        {
            problems.Add(ProblemCodes.EmptyFile, "The file holds no cast vote records.");
        }

        if (!problems.HasProblems && await Audit.AuditStore.CvrRefusalAsync(session.Store,
                contests.Select(c => definition.Contests[c].Id.Value), [.. counties.Select(c => definition.GpUnits[c].Id.Value)], path, cancellationToken) is { } locked)
        {
            problems.Add(locked);
        }

        if (!problems.HasProblems)
        {
            foreach (var d in await import.FindDuplicatesAsync(problems.Limit, cancellationToken))
            {
                var where = d.ExistingFile is not null
                    ? $"already imported from {d.ExistingFile}"
                    : $"first seen on line {d.FirstLine}";
                problems.Add(ProblemCodes.DuplicateBallot, $"Ballot id '{d.BallotId}' occurs twice ({where}).", d.Line, "ballot_id");
            }
        }

        if (problems.HasProblems)
        {
            // Disposing the import without committing rolls the transaction back.
            return new ImportOutcome(path, "cvr", "rejected", 0, sha, problems.ToImmutable());
        }

        var committed = new CvrsCommitted(
            importId,
            fileName,
            sha,
            reader.Format,
            count,
            [.. counties.Select(c => definition.GpUnits[c].Id.Value).Order(StringComparer.Ordinal)],
            [.. contests.Select(c => definition.Contests[c].Id.Value).Order(StringComparer.Ordinal)],
            CvrRecordEncoding.Name,
            Convert.ToHexStringLower(commitment.Root()));
        await import.CommitAsync(Streams.Election, session.State.Version, [committed], new ImportRecord(sha, "cvr", fileName, count), cancellationToken);
        await session.RefreshAsync(cancellationToken);
        return new ImportOutcome(path, "cvr", "imported", count, sha);
    }

    private const int BatchSize = 4096;

    private static async Task WriteBatches(IBallotImport import, ChannelReader<Batch> batches, CancellationToken cancellationToken)
    {
        await foreach (var batch in batches.ReadAllAsync(cancellationToken))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                import.Add(batch.Ballots[i], batch.Lines[i]);
            }
        }
    }

    internal static StoredBallot ToStored(CastVoteRecord b, Domain.Elections.ElectionDefinition definition) => new(
        b.BallotId,
        definition.GpUnits[b.County].Id.Value,
        b.Precinct >= 0 ? definition.GpUnits[b.Precinct].Id.Value : null,
        b.BatchId,
        b.VoteMethod,
        b.BallotStyle >= 0 ? definition.BallotStyles[b.BallotStyle].Id.Value : null,
        BallotEncoding.EncodeMarks(b, definition));

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
        }

        return set.ToImmutable();
    }

    private sealed class Batch(int capacity)
    {
        public StoredBallot[] Ballots { get; } = new StoredBallot[capacity];

        public long[] Lines { get; } = new long[capacity];

        public int Count { get; private set; }

        public bool IsFull => Count == Ballots.Length;

        public void Add(StoredBallot ballot, long line)
        {
            Ballots[Count] = ballot;
            Lines[Count] = line;
            Count++;
        }
    }
}
