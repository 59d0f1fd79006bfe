using System.Buffers;
using Canvass.Domain.Events;
using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Sqlite;

/// <summary>A ballot import open inside one <c>BEGIN IMMEDIATE</c> transaction on its own connection. Ballots are
/// stored in pages (<see cref="BallotPage"/>: a few hundred per BLOB row) in file order, so a ballot's place in its import
/// is its leaf index in the import's CVR commitment. Duplicate ids are found exactly, in bounded memory, through a
/// separate id index: each ballot's 64-bit id key and place go, unsorted, into one of a fixed number of partitions by the
/// key's top bits (a bucket sort, spilled in chunks to a temp table); at the end each partition is sorted in memory, and
/// the partitions in turn give every key in order. That one ordered pass finds the keys this file repeats and writes this
/// import's own index (sorted key pages); a walk of that index beside each earlier import's finds the keys already stored.
/// Each key match is confirmed on the real ids read back from the pages.</summary>
internal sealed class SqliteBallotImport : IBallotImport
{
    /// <summary>Entries per id-index page (64 KB BLOBs).</summary>
    internal const int IndexPageEntries = 4096;

    private const ulong SignBit = 1UL << 63;

    private readonly SqliteCanvassStore _store;
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly string _importId;
    private readonly int _partitionShift;
    private readonly int _chunkEntries;
    private readonly long _keyMask;
    private readonly BallotPage.Writer _page = new();
    private readonly SqliteCommand _insertPage;
    private readonly SqliteParameter _pageFirst;
    private readonly SqliteParameter _pageBallots;
    private readonly SqliteParameter _pageData;
    private readonly SqliteCommand _insertChunk;
    private readonly SqliteParameter _chunkPartition;
    private readonly SqliteParameter _chunkNumber;
    private readonly SqliteParameter _chunkData;
    // Each partition's id keys and places not yet spilled, side by side (so a partition sorts as primitive keys with their
    // places), and how many chunks it has spilled.
    private readonly long[][] _partKeys;
    private readonly long[][] _partPlaces;
    private readonly int[] _partCounts;
    private readonly int[] _partChunks;
    private byte[]? _chunk;
    private long _count;
    private long _pageFirstIndex;
    private long _indexBuiltFor = -1;
    private bool _completed;

    private SqliteBallotImport(SqliteCanvassStore store, SqliteConnection connection, SqliteTransaction transaction, string importId, int partitionBits, int chunkEntries, long keyMask)
    {
        _partitionShift = 64 - partitionBits;
        _chunkEntries = chunkEntries;
        _partKeys = new long[1 << partitionBits][];
        _partPlaces = new long[1 << partitionBits][];
        _partCounts = new int[1 << partitionBits];
        _partChunks = new int[1 << partitionBits];
        _keyMask = keyMask;
        _store = store;
        _connection = connection;
        _transaction = transaction;
        _importId = importId;

        _insertPage = Command("INSERT INTO cvr_ballot_pages (import_id, first_index, ballots, data) VALUES ($import_id, $first, $ballots, $data)");
        _insertPage.Parameters.AddWithValue("$import_id", importId);
        _pageFirst = _insertPage.Parameters.Add("$first", SqliteType.Integer);
        _pageBallots = _insertPage.Parameters.Add("$ballots", SqliteType.Integer);
        _pageData = _insertPage.Parameters.Add("$data", SqliteType.Blob);
        _insertPage.Prepare();

        _insertChunk = Command("INSERT INTO temp.import_id_parts (part, chunk, data) VALUES ($part, $chunk, $data)");
        _chunkPartition = _insertChunk.Parameters.Add("$part", SqliteType.Integer);
        _chunkNumber = _insertChunk.Parameters.Add("$chunk", SqliteType.Integer);
        _chunkData = _insertChunk.Parameters.Add("$data", SqliteType.Blob);
        _insertChunk.Prepare();
    }

    /// <summary>Starts an import whose id keys go into 2^<paramref name="partitionBits"/> partitions, spilled
    /// <paramref name="chunkEntries"/> entries (16 bytes each) at a time; ids are keyed by their XxHash3 masked with
    /// <paramref name="keyMask"/>.</summary>
    public static async Task<SqliteBallotImport> StartAsync(SqliteCanvassStore store, SqliteConnection connection, string importId, int partitionBits, int chunkEntries, long keyMask, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionBits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partitionBits, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkEntries, 1);
        // Microsoft.Data.Sqlite begins IMMEDIATE unless asked for a deferred transaction: the write lock is ours until
        // commit or rollback, so the import's events get gap-free positions like any append.
        var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var exists = connection.CreateCommand())
            {
                exists.Transaction = transaction;
                exists.CommandText = "SELECT EXISTS (SELECT 1 FROM cvr_imports WHERE import_id = $import_id)";
                exists.Parameters.AddWithValue("$import_id", importId);
                if ((long)(await exists.ExecuteScalarAsync(cancellationToken))! != 0)
                {
                    throw new InvalidOperationException($"The store already holds ballots of import {importId}.");
                }
            }

            await using (var setup = connection.CreateCommand())
            {
                setup.Transaction = transaction;
                // Created inside the transaction, so a rollback removes it and a pooled connection never keeps it.
                setup.CommandText = "CREATE TEMP TABLE import_id_parts (part INTEGER NOT NULL, chunk INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (part, chunk))";
                await setup.ExecuteNonQueryAsync(cancellationToken);
            }

            return new SqliteBallotImport(store, connection, transaction, importId, partitionBits, chunkEntries, keyMask);
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    public void Add(in BallotFields ballot, long line)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        var key = _page.Write(ballot, line) & _keyMask;
        var part = Partition(key);
        var n = _partCounts[part];
        var keys = _partKeys[part];
        if (keys is null || n == keys.Length)
        {
            // Grown by doubling up to a chunk, so a small import never holds every partition's whole buffer.
            var size = Math.Min(_chunkEntries, Math.Max(16, n * 2));
            Array.Resize(ref _partKeys[part], size);
            Array.Resize(ref _partPlaces[part], size);
            keys = _partKeys[part];
        }

        keys[n] = key;
        _partPlaces[part][n] = _count;
        _partCounts[part] = ++n;
        _count++;
        if (_page.Output.WrittenCount >= BallotPage.TargetBytes)
        {
            FlushPage();
        }

        if (n == _chunkEntries)
        {
            Spill(part);
        }
    }

    public Task<IReadOnlyList<DuplicateBallot>> FindDuplicatesAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ObjectDisposedException.ThrowIf(_completed, this);
        var (duplicates, any) = Merge(limit, cancellationToken);
        _indexBuiltFor = any ? -1 : _count;
        return Task.FromResult(duplicates);
    }

    public async Task<long> CommitAsync(string streamId, long expectedVersion, IReadOnlyList<IEvent> events, ImportRecord import, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(import);
        ObjectDisposedException.ThrowIf(_completed, this);
        if (_indexBuiltFor != _count)
        {
            if (Merge(1, cancellationToken).Any)
            {
                throw new InvalidOperationException("The import holds a ballot id twice (or one already stored); it cannot be committed.");
            }

            _indexBuiltFor = _count;
        }

        if (_count > 0)
        {
            await using var record = Command("INSERT INTO cvr_imports (import_id, ballots) VALUES ($import_id, $ballots)");
            record.Parameters.AddWithValue("$import_id", _importId);
            record.Parameters.AddWithValue("$ballots", _count);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        var version = await _store.AppendCoreAsync(_connection, _transaction, streamId, expectedVersion, events, import, _importId, cancellationToken);
        await using (var drop = Command("DROP TABLE temp.import_id_parts"))
        {
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        await _transaction.CommitAsync(cancellationToken);
        _completed = true;
        return version;
    }

    public async ValueTask DisposeAsync()
    {
        _completed = true;
        Array.Clear(_partKeys);
        Array.Clear(_partPlaces);
        await _insertPage.DisposeAsync();
        await _insertChunk.DisposeAsync();
        await _transaction.DisposeAsync(); // Rolls back unless committed.
        await _connection.DisposeAsync();
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }

    private void FlushPage()
    {
        var ballots = _count - _pageFirstIndex;
        if (ballots == 0)
        {
            return;
        }

        _pageFirst.Value = _pageFirstIndex;
        _pageBallots.Value = ballots;
        _pageData.Value = _page.Output.WrittenSpan.ToArray();
        _insertPage.ExecuteNonQuery();
        _page.Reset();
        _pageFirstIndex = _count;
    }

    /// <summary>The partition of <paramref name="key"/>: its top bits, in the keys' signed order, so the partitions in turn
    /// hold the keys in ascending order.</summary>
    private int Partition(long key) => unchecked((int)(((ulong)key ^ SignBit) >> _partitionShift));

    /// <summary>Writes a partition's full buffer, in arrival (place) order, as its next chunk. A partly filled buffer is
    /// never spilled: the end reads it from memory.</summary>
    private void Spill(int part)
    {
        var chunk = _chunk ??= new byte[_chunkEntries * BallotPage.EntryBytes];
        var keys = _partKeys[part];
        var places = _partPlaces[part];
        for (var i = 0; i < _chunkEntries; i++)
        {
            BallotPage.WriteEntry(chunk.AsSpan(i * BallotPage.EntryBytes), new IdEntry(keys[i], places[i]));
        }

        _chunkPartition.Value = part;
        _chunkNumber.Value = _partChunks[part]++;
        _chunkData.Value = chunk;
        _insertChunk.ExecuteNonQuery();
        _partCounts[part] = 0;
    }

    /// <summary>This import's partitions in order, each sorted by key and then place, so together they hold every id
    /// entry in order: each partition's spilled chunks and buffered entries are loaded and sorted in memory, two partitions
    /// at a time on two threads. A partition handed out is valid until the next is asked for.</summary>
    private IEnumerable<IdPartition> SortedPartitions(CancellationToken cancellationToken)
    {
        var a = new IdPartition();
        var b = new IdPartition();
        for (var part = 0; part < _partCounts.Length; part += 2)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Load(part, a);
            Load(part + 1, b);
            if (a.Count + b.Count == 0)
            {
                continue;
            }

            var sorting = a.Count > 0 ? Task.Run(a.Sort, cancellationToken) : Task.CompletedTask;
            b.Sort();
            sorting.GetAwaiter().GetResult();
            yield return a;
            yield return b;
        }
    }

    /// <summary>Loads partition <paramref name="part"/>'s chunks, in the order written, then its buffered entries.</summary>
    private void Load(int part, IdPartition into)
    {
        into.Count = 0;
        if (part >= _partCounts.Length)
        {
            return;
        }

        if (_partChunks[part] > 0)
        {
            using var select = Command("SELECT data FROM temp.import_id_parts WHERE part = $part ORDER BY chunk");
            select.Parameters.AddWithValue("$part", part);
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                var data = (byte[])reader.GetValue(0);
                for (var offset = 0; offset < data.Length; offset += BallotPage.EntryBytes)
                {
                    var entry = BallotPage.ReadEntry(data.AsSpan(offset));
                    into.Add(entry.Key, entry.Index);
                }
            }
        }

        for (var i = 0; i < _partCounts[part]; i++)
        {
            into.Add(_partKeys[part][i], _partPlaces[part][i]);
        }
    }

    /// <summary>Writes this import's index from its sorted entries, then walks that index beside each earlier import's,
    /// and returns the confirmed duplicates with the smallest lines (at most <paramref name="limit"/>, in line
    /// order) and whether there is any.</summary>
    /// <remarks>Each earlier import is compared with a plain walk of two sorted key lists, not through one merge of every
    /// import at once: a store built from a county file at a time holds hundreds of imports, and a merge that kept one
    /// input per import spent most of each import ordering them. Keys are compared first; only equal keys read the real
    /// ids.</remarks>
    private (IReadOnlyList<DuplicateBallot> Duplicates, bool Any) Merge(int limit, CancellationToken cancellationToken)
    {
        FlushPage();
        using (var clear = Command("DELETE FROM cvr_id_pages WHERE import_id = $import_id"))
        {
            clear.Parameters.AddWithValue("$import_id", _importId);
            clear.ExecuteNonQuery();
        }

        var earlier = new List<(string ImportId, string File)>();
        using (var imports = Command("""
            SELECT c.import_id, coalesce((SELECT i.file_name FROM imports i WHERE i.import_id = c.import_id), c.import_id)
            FROM cvr_imports c WHERE c.import_id <> $import_id ORDER BY c.rowid
            """))
        {
            imports.Parameters.AddWithValue("$import_id", _importId);
            using var reader = imports.ExecuteReader();
            while (reader.Read())
            {
                earlier.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var chunkReader = new ChunkReader(_connection, _transaction);
        var ids = new PageIds(_connection, _transaction);
        var found = new PriorityQueue<DuplicateBallot, long>(Comparer<long>.Create((a, b) => b.CompareTo(a)));
        var any = false;
        long checkedEntries = 0;

        // 1. This import's entries by key then place: its index, and the ids it repeats itself.
        var output = new IndexWriter(_connection, _transaction, _importId);
        var groupKey = 0L;
        var groupSize = 0;
        var first = default(IdEntry);
        Dictionary<string, long>? seen = null;
        foreach (var partition in SortedPartitions(cancellationToken))
        {
            Group(partition.Keys, partition.Places);
        }

        output.Finish();


        // 2. This import's index beside each earlier import's: the ids already stored.
        var theirKeys = new List<long>();
        for (var e = 0; e < earlier.Count; e++)
        {
            var mine = new EntryCursor(chunkReader.IndexPages(_importId));
            var theirs = new EntryCursor(chunkReader.IndexPages(earlier[e].ImportId));
            var hasMine = mine.MoveNext();
            var hasTheirs = theirs.MoveNext();
            while (hasMine && hasTheirs)
            {
                Tick();
                var key = mine.Current.Key;
                var their = theirs.Current.Key;
                if (key < their)
                {
                    hasMine = mine.MoveNext();
                    continue;
                }

                if (their < key)
                {
                    hasTheirs = theirs.MoveNext();
                    continue;
                }

                theirKeys.Clear();
                while (hasTheirs && theirs.Current.Key == key)
                {
                    theirKeys.Add(theirs.Current.Index);
                    hasTheirs = theirs.MoveNext();
                }

                while (hasMine && mine.Current.Key == key)
                {
                    var id = ids.IdAt(_importId, mine.Current.Index, out var line);
                    foreach (var index in theirKeys)
                    {
                        if (ids.IdAt(earlier[e].ImportId, index, out _) == id)
                        {
                            Report(new DuplicateBallot(id, line, null, earlier[e].File));
                            break;
                        }
                    }

                    hasMine = mine.MoveNext();
                }
            }

            mine.Dispose();
            theirs.Dispose();
        }

        var duplicates = new DuplicateBallot[found.Count];
        for (var i = duplicates.Length - 1; i >= 0; i--)
        {
            duplicates[i] = found.Dequeue();
        }

        return (duplicates, any);

        // Writes the index entries of one partition and checks each group of equal keys on the real ids.
        void Group(ReadOnlySpan<long> keys, ReadOnlySpan<long> places)
        {
            for (var i = 0; i < keys.Length; i++)
            {
                Tick();
                var entry = new IdEntry(keys[i], places[i]);
                output.Add(entry);
                if (groupSize == 0 || entry.Key != groupKey)
                {
                    groupKey = entry.Key;
                    groupSize = 1;
                    first = entry;
                    continue;
                }

                // A second entry with this key: from here on every entry of the group is checked on its real id.
                if (groupSize++ == 1)
                {
                    (seen ??= new(StringComparer.Ordinal)).Clear();
                    seen[ids.IdAt(_importId, first.Index, out var firstLine)] = firstLine;
                }

                var id = ids.IdAt(_importId, entry.Index, out var line);
                if (!seen!.TryAdd(id, line))
                {
                    Report(new DuplicateBallot(id, line, seen[id], null));
                }
            }
        }

        void Tick()
        {
            if ((++checkedEntries & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        void Report(DuplicateBallot duplicate)
        {
            any = true;
            if (limit == 0)
            {
                return;
            }

            if (found.Count < limit)
            {
                found.Enqueue(duplicate, duplicate.Line);
            }
            else if (found.TryPeek(out _, out var largest) && duplicate.Line < largest)
            {
                found.DequeueEnqueue(duplicate, duplicate.Line);
            }
        }
    }

    /// <summary>Reads one sorted index, page by page.</summary>
    private sealed class EntryCursor(IEnumerator<byte[]> chunks) : IDisposable
    {
        private byte[] _chunk = [];
        private int _offset;

        public IdEntry Current { get; private set; }

        public void Dispose() => chunks.Dispose();

        public bool MoveNext()
        {
            while (_offset >= _chunk.Length)
            {
                if (!chunks.MoveNext())
                {
                    chunks.Dispose();
                    return false;
                }

                _chunk = chunks.Current;
                _offset = 0;
            }

            Current = BallotPage.ReadEntry(_chunk.AsSpan(_offset));
            _offset += BallotPage.EntryBytes;
            return true;
        }
    }

    /// <summary>Loads index pages one at a time (by key), so a walk holds one BLOB per index.</summary>
    private sealed class ChunkReader(SqliteConnection connection, SqliteTransaction transaction)
    {
        public IEnumerator<byte[]> IndexPages(string importId)
        {
            for (var page = 0; ; page++)
            {
                var data = Load("SELECT data FROM cvr_id_pages WHERE import_id = $a AND page = $b", importId, page);
                if (data is null)
                {
                    yield break;
                }

                yield return data;
            }
        }

        private byte[]? Load(string sql, object a, int b)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.Parameters.AddWithValue("$a", a);
            command.Parameters.AddWithValue("$b", b);
            return command.ExecuteScalar() as byte[];
        }
    }

    /// <summary>Writes this import's id index: pages of about <see cref="IndexPageEntries"/> sorted entries, keyed by page
    /// number and first key; entries with one key never straddle two pages, so a lookup reads exactly one page.</summary>
    private sealed class IndexWriter : IDisposable
    {
        private readonly SqliteCommand _insert;
        private readonly SqliteParameter _page;
        private readonly SqliteParameter _firstKey;
        private readonly SqliteParameter _data;
        private readonly ArrayBufferWriter<byte> _buffer = new((IndexPageEntries + 16) * BallotPage.EntryBytes);
        private int _pages;
        private long _lastKey;

        public IndexWriter(SqliteConnection connection, SqliteTransaction transaction, string importId)
        {
            _insert = connection.CreateCommand();
            _insert.Transaction = transaction;
            _insert.CommandText = "INSERT INTO cvr_id_pages (import_id, page, first_key, data) VALUES ($import_id, $page, $first_key, $data)";
            _insert.Parameters.AddWithValue("$import_id", importId);
            _page = _insert.Parameters.Add("$page", SqliteType.Integer);
            _firstKey = _insert.Parameters.Add("$first_key", SqliteType.Integer);
            _data = _insert.Parameters.Add("$data", SqliteType.Blob);
        }

        public void Add(IdEntry entry)
        {
            if (_buffer.WrittenCount >= IndexPageEntries * BallotPage.EntryBytes && entry.Key != _lastKey)
            {
                Flush();
            }

            BallotPage.WriteEntry(_buffer.GetSpan(BallotPage.EntryBytes), entry);
            _buffer.Advance(BallotPage.EntryBytes);
            _lastKey = entry.Key;
        }

        public void Finish()
        {
            Flush();
            Dispose();
        }

        public void Dispose() => _insert.Dispose();

        private void Flush()
        {
            if (_buffer.WrittenCount == 0)
            {
                return;
            }

            _page.Value = _pages++;
            _firstKey.Value = BallotPage.ReadEntry(_buffer.WrittenSpan).Key;
            _data.Value = _buffer.WrittenSpan.ToArray();
            _insert.ExecuteNonQuery();
            _buffer.ResetWrittenCount();
        }
    }

    /// <summary>Ids and lines of stored ballots by (import, place), through a few decoded pages.</summary>
    private sealed class PageIds(SqliteConnection connection, SqliteTransaction transaction)
    {
        private const int Pages = 8;

        private readonly List<(string ImportId, long First, string[] Ids, long[] Lines)> _pages = [];

        public string IdAt(string importId, long index, out long line)
        {
            foreach (var p in _pages)
            {
                if (p.ImportId == importId && index >= p.First && index < p.First + p.Ids.Length)
                {
                    line = p.Lines[index - p.First];
                    return p.Ids[index - p.First];
                }
            }

            var page = SqliteBallotPages.LoadPage(connection, transaction, importId, index)
                ?? throw new InvalidOperationException($"Import {importId} has no stored ballot at place {index}.");
            var ids = new string[page.Ballots];
            var lines = new long[page.Ballots];
            var reader = new BallotPage.Reader(page.Data);
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = reader.ReadId(out lines[i]);
            }

            if (_pages.Count == Pages)
            {
                _pages.RemoveAt(0);
            }

            _pages.Add((importId, page.First, ids, lines));
            line = lines[index - page.First];
            return ids[index - page.First];
        }
    }
}
