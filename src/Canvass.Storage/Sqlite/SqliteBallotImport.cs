using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
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
    /// <summary>Entries per id-index page by default (64 KB BLOBs).</summary>
    internal const int IndexPageEntries = 4096;

    /// <summary>Entries of this import's index walked at once beside the earlier imports' by default (4 MB).</summary>
    internal const int WindowEntries = 1 << 18;

    private const ulong SignBit = 1UL << 63;

    private readonly SqliteCanvassStore _store;
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly Task<string> _identity;
    private readonly int _partitionShift;
    private readonly int _chunkEntries;
    private readonly long _keyMask;
    private readonly int _pageEntries;
    private readonly int _windowEntries;
    private readonly BallotPage.Writer _page = new();
    private readonly WalWriteback? _writeback;
    private readonly SqliteCommand _insertPage;
    private readonly SqliteParameter _pageImport;
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
    // Pages written before the import's id was known, with their first places and ballot counts, and their bytes.
    private readonly List<(long First, long Ballots, byte[] Data)> _held = [];
    private long _heldBytes;
    private string? _importId;
    private byte[]? _chunk;
    private long _count;
    private long _pageFirstIndex;
    private long _indexBuiltFor = -1;
    private bool _completed;

    private SqliteBallotImport(SqliteCanvassStore store, SqliteConnection connection, SqliteTransaction transaction, Task<string> importId, int partitionBits, int chunkEntries, long keyMask)
    {
        _partitionShift = 64 - partitionBits;
        _chunkEntries = chunkEntries;
        _partKeys = new long[1 << partitionBits][];
        _partPlaces = new long[1 << partitionBits][];
        _partCounts = new int[1 << partitionBits];
        _partChunks = new int[1 << partitionBits];
        _keyMask = keyMask;
        _pageEntries = store.ImportIndexPageEntries;
        _windowEntries = store.ImportWindowEntries;
        _store = store;
        _connection = connection;
        _transaction = transaction;
        _identity = importId;
        _writeback = string.IsNullOrEmpty(connection.DataSource) || !File.Exists(connection.DataSource) ? null : new WalWriteback(connection.DataSource, store.ImportWritebackBytes);

        _insertPage = Command("INSERT INTO cvr_ballot_pages (import_id, first_index, ballots, data) VALUES ($import_id, $first, $ballots, $data)");
        _pageImport = _insertPage.Parameters.Add("$import_id", SqliteType.Text);
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
    /// <paramref name="chunkEntries"/> entries at a time; ids are keyed by their XxHash3 masked with
    /// <paramref name="keyMask"/>. An id known already is checked now; one learned later, when it is.</summary>
    public static async Task<SqliteBallotImport> StartAsync(SqliteCanvassStore store, SqliteConnection connection, Task<string> importId, int partitionBits, int chunkEntries, long keyMask, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionBits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partitionBits, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkEntries, 1);
        // Microsoft.Data.Sqlite begins IMMEDIATE unless asked for a deferred transaction: the write lock is ours until
        // commit or rollback, so the import's events get gap-free positions like any append.
        var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var setup = connection.CreateCommand())
            {
                setup.Transaction = transaction;
                // Created inside the transaction, so a rollback removes it and a pooled connection never keeps it.
                setup.CommandText = "CREATE TEMP TABLE import_id_parts (part INTEGER NOT NULL, chunk INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (part, chunk))";
                await setup.ExecuteNonQueryAsync(cancellationToken);
            }

            var import = new SqliteBallotImport(store, connection, transaction, importId, partitionBits, chunkEntries, keyMask);
            try
            {
                if (importId.IsCompletedSuccessfully)
                {
                    import.Identify(wait: true);
                }
            }
            catch
            {
                // Its prepared commands too; the transaction and connection are disposed again below and by the caller.
                await import.DisposeAsync();
                throw;
            }

            return import;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>Gets how many times the WAL was flushed while this import ran (<see cref="WalWriteback"/>).</summary>
    internal int WalFlushes => _writeback?.Flushes ?? 0;

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
        var importId = Identify(wait: true)!;
        if (_indexBuiltFor != _count)
        {
            if (Merge(1, cancellationToken).Any)
            {
                throw new ConcurrentWriteException("The import holds a ballot id twice (or one already stored); it cannot be committed.");
            }

            _indexBuiltFor = _count;
        }

        if (_count > 0)
        {
            await using var record = Command("INSERT INTO cvr_imports (import_id, ballots) VALUES ($import_id, $ballots)");
            record.Parameters.AddWithValue("$import_id", importId);
            record.Parameters.AddWithValue("$ballots", _count);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        var (version, signed) = await _store.AppendCoreAsync(_connection, _transaction, streamId, expectedVersion, events, import, importId, cancellationToken);
        using (signed)
        {
            await using (var drop = Command("DROP TABLE temp.import_id_parts"))
            {
                await drop.ExecuteNonQueryAsync(cancellationToken);
            }

            await _transaction.CommitAsync(cancellationToken);
            _completed = true;
            signed?.Write();
        }

        return version;
    }

    public async ValueTask DisposeAsync()
    {
        _completed = true;
        Array.Clear(_partKeys);
        Array.Clear(_partPlaces);
        await _insertPage.DisposeAsync();
        await _insertChunk.DisposeAsync();
        _writeback?.Dispose();
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

        var data = _page.Output.WrittenSpan.ToArray();
        if (Identify(wait: _heldBytes + data.Length > _store.ImportHeldPageBytes) is null)
        {
            _held.Add((_pageFirstIndex, ballots, data));
            _heldBytes += data.Length;
        }
        else
        {
            InsertPage(_pageFirstIndex, ballots, data);
        }

        _page.Reset();
        _pageFirstIndex = _count;
    }

    private void InsertPage(long first, long ballots, byte[] data)
    {
        _pageFirst.Value = first;
        _pageBallots.Value = ballots;
        _pageData.Value = data;
        _insertPage.ExecuteNonQuery();
        _writeback?.Written(data.Length);
    }

    /// <summary>The import's id: once it is known (waiting for it when <paramref name="wait"/>), it is checked, and the
    /// pages held until then are stored; null while it is not known.</summary>
    /// <exception cref="InvalidOperationException">The store already holds ballots of an import with this id.</exception>
    private string? Identify(bool wait)
    {
        if (_importId is not null || (!wait && !_identity.IsCompleted))
        {
            return _importId;
        }

        // The id's own failure (the digest could not be read, or the importer stopped) is the import's.
        var importId = _identity.GetAwaiter().GetResult();
        ArgumentException.ThrowIfNullOrEmpty(importId);
        using (var exists = Command("SELECT EXISTS (SELECT 1 FROM cvr_imports WHERE import_id = $import_id)"))
        {
            exists.Parameters.AddWithValue("$import_id", importId);
            if ((long)exists.ExecuteScalar()! != 0)
            {
                throw new ConcurrentWriteException($"The store already holds ballots of import {importId}.");
            }
        }

        _importId = importId;
        _pageImport.Value = importId;
        foreach (var (first, ballots, data) in _held)
        {
            InsertPage(first, ballots, data);
        }

        _held.Clear();
        _heldBytes = 0;
        return importId;
    }

    /// <summary>The partition of <paramref name="key"/>: its top bits, in the keys' signed order, so the partitions in turn
    /// hold the keys in ascending order.</summary>
    private int Partition(long key) => unchecked((int)(((ulong)key ^ SignBit) >> _partitionShift));

    /// <summary>Writes a partition's full buffer, in arrival (place) order, as its next chunk. A partly filled buffer is
    /// never spilled: the end reads it from memory.</summary>
    /// <remarks>A chunk is written compactly, because the spill is most of what an import writes besides its pages: per
    /// entry, the key's bits below the partition's (whose top bits are the partition's number) in
    /// <see cref="LowKeyBytes"/> little-endian bytes, then the place as the unsigned LEB128 of its distance from the
    /// entry before (places grow in arrival order; the first is written as it is). With 256 partitions an entry takes
    /// about 9 bytes instead of 16.</remarks>
    private void Spill(int part)
    {
        var chunk = _chunk ??= new byte[(_chunkEntries * (8 + 10)) + 8];
        var keys = _partKeys[part];
        var places = _partPlaces[part];
        var lowMask = LowKeyMask;
        var lowBytes = LowKeyBytes;
        var at = 0;
        var previous = 0L;
        for (var i = 0; i < _chunkEntries; i++)
        {
            // All 8 bytes are written, and the next entry starts after the low ones.
            BinaryPrimitives.WriteUInt64LittleEndian(chunk.AsSpan(at), (unchecked((ulong)keys[i]) ^ SignBit) & lowMask);
            at += lowBytes;
            at += BallotPage.WriteNumber((ulong)(places[i] - previous), chunk.AsSpan(at));
            previous = places[i];
        }

        _chunkPartition.Value = part;
        _chunkNumber.Value = _partChunks[part]++;
        _chunkData.Value = chunk.AsSpan(0, at).ToArray();
        _insertChunk.ExecuteNonQuery();
        _partCounts[part] = 0;
    }

    /// <summary>The bits of a key (flipped at the sign bit, so that partitions order like keys) below its partition's.</summary>
    private ulong LowKeyMask => (1UL << _partitionShift) - 1;

    /// <summary>The bytes a spilled entry's low key bits take.</summary>
    private int LowKeyBytes => (_partitionShift + 7) / 8;

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
            var top = (ulong)part << _partitionShift;
            var lowMask = LowKeyMask;
            var lowBytes = LowKeyBytes;
            Span<byte> tail = stackalloc byte[8];
            while (reader.Read())
            {
                // The chunk as Spill wrote it.
                var data = (byte[])reader.GetValue(0);
                var place = 0L;
                for (var offset = 0; offset < data.Length;)
                {
                    ulong low;
                    if (data.Length - offset >= 8)
                    {
                        low = BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(offset)) & lowMask;
                    }
                    else
                    {
                        tail.Clear();
                        data.AsSpan(offset, lowBytes).CopyTo(tail);
                        low = BinaryPrimitives.ReadUInt64LittleEndian(tail) & lowMask;
                    }

                    offset += lowBytes;
                    place += (long)BallotPage.ReadNumber(data, ref offset);
                    into.Add(unchecked((long)((top | low) ^ SignBit)), place);
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
    /// ids. This import's index is walked a window at a time (bounded memory), and of each earlier import's index only
    /// the pages whose keys can fall in the window are read, found by their first keys: each earlier index is read about
    /// once per import, and this import's own once in all.</remarks>
    private (IReadOnlyList<DuplicateBallot> Duplicates, bool Any) Merge(int limit, CancellationToken cancellationToken)
    {
        var importId = Identify(wait: true)!;
        FlushPage();
        using (var clear = Command("DELETE FROM cvr_id_pages WHERE import_id = $import_id"))
        {
            clear.Parameters.AddWithValue("$import_id", importId);
            clear.ExecuteNonQuery();
        }

        var earlier = new List<(string ImportId, string File)>();
        using (var imports = Command("""
            SELECT c.import_id, coalesce((SELECT i.file_name FROM imports i WHERE i.import_id = c.import_id), c.import_id)
            FROM cvr_imports c WHERE c.import_id <> $import_id ORDER BY c.rowid
            """))
        {
            imports.Parameters.AddWithValue("$import_id", importId);
            using var reader = imports.ExecuteReader();
            while (reader.Read())
            {
                earlier.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var ids = new PageIds(_connection, _transaction);
        var found = new PriorityQueue<DuplicateBallot, long>(Comparer<long>.Create((a, b) => b.CompareTo(a)));
        var any = false;
        long checkedEntries = 0;

        // 1. This import's entries by key then place: its index, and the ids it repeats itself.
        var output = new IndexWriter(_connection, _transaction, importId, _pageEntries, _writeback);
        var groupKey = 0L;
        var groupSize = 0;
        var first = default(IdEntry);
        Dictionary<string, long>? seen = null;
        foreach (var partition in SortedPartitions(cancellationToken))
        {
            Group(partition.Keys, partition.Places);
        }

        output.Finish();

        // 2. This import's index beside each earlier import's: the ids already stored. This import's index is read once,
        // a window of consecutive pages at a time; of each earlier import's index, only the pages that can hold a key of
        // the window are read (by their first keys), so each earlier index is read about once, whatever the windows.
        if (earlier.Count > 0 && _count > 0)
        {
            using var pages = new IndexPages(_connection, _transaction);
            var window = new IndexWindow();
            var theirPlaces = new List<long>();
            for (var page = 0; window.Fill(pages, importId, ref page, _windowEntries);)
            {
                foreach (var (theirImport, file) in earlier)
                {
                    WalkBeside(pages, window, theirImport, file, theirPlaces);
                }
            }
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
                    seen[ids.IdAt(importId, first.Index, out var firstLine)] = firstLine;
                }

                var id = ids.IdAt(importId, entry.Index, out var line);
                if (!seen!.TryAdd(id, line))
                {
                    Report(new DuplicateBallot(id, line, seen[id], null));
                }
            }
        }

        // Finds the keys of the window that an earlier import holds, and confirms each on the real ids.
        void WalkBeside(IndexPages pages, IndexWindow mine, string theirImport, string theirFile, List<long> theirPlaces)
        {
            var keys = mine.Keys;
            var (page, last) = pages.Covering(theirImport, keys[0], keys[^1]);
            var i = 0;
            for (; page <= last && i < keys.Length; page++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var theirs = pages.Load(theirImport, page);
                var j = 0;
                while (i < keys.Length && j < theirs.Count)
                {
                    // Mostly one step on one side; a search only when the step is longer.
                    var key = keys[i];
                    var their = theirs.KeyAt(j);
                    if (key < their)
                    {
                        if (++i < keys.Length && keys[i] < their)
                        {
                            i = IndexWindow.FirstAtLeast(keys, 1, i, their);
                        }

                        continue;
                    }

                    if (their < key)
                    {
                        if (++j < theirs.Count && theirs.KeyAt(j) < key)
                        {
                            j = theirs.FirstAtLeast(j, key);
                        }

                        continue;
                    }

                    theirPlaces.Clear();
                    for (; j < theirs.Count && theirs.KeyAt(j) == key; j++)
                    {
                        theirPlaces.Add(theirs.PlaceAt(j));
                    }

                    for (; i < keys.Length && keys[i] == key; i++)
                    {
                        var id = ids.IdAt(importId, mine.Places[i], out var line);
                        foreach (var place in theirPlaces)
                        {
                            if (ids.IdAt(theirImport, place, out _) == id)
                            {
                                Report(new DuplicateBallot(id, line, null, theirFile));
                                break;
                            }
                        }
                    }
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

    /// <summary>Consecutive entries of this import's index, in order: whole pages, at least a given number of entries
    /// (or what is left), so memory stays bounded whatever the import's size.</summary>
    private sealed class IndexWindow
    {
        private long[] _keys = [];
        private long[] _places = [];
        private int _count;

        public ReadOnlySpan<long> Keys => _keys.AsSpan(0, _count);

        public ReadOnlySpan<long> Places => _places.AsSpan(0, _count);

        /// <summary>Replaces the window with the pages from <paramref name="page"/> on (advanced past them) until it holds
        /// at least <paramref name="entries"/> entries or the index ends; false when there was no page left.</summary>
        public bool Fill(IndexPages pages, string importId, ref int page, int entries)
        {
            _count = 0;
            while (_count < entries && pages.TryLoad(importId, page, out var loaded))
            {
                page++;
                if (_count + loaded.Count > _keys.Length)
                {
                    var size = Math.Max(_count + loaded.Count, Math.Min(entries, Math.Max(16, _keys.Length * 2)));
                    Array.Resize(ref _keys, size);
                    Array.Resize(ref _places, size);
                }

                for (var j = 0; j < loaded.Count; j++)
                {
                    _keys[_count] = loaded.KeyAt(j);
                    _places[_count++] = loaded.PlaceAt(j);
                }
            }

            return _count > 0;
        }

        /// <summary>The first entry from <paramref name="from"/> on whose key is at least <paramref name="key"/> (the
        /// count when none), where entry <paramref name="from"/>'s key is below it. Entry n's key is
        /// <paramref name="words"/>[n × <paramref name="stride"/>]. An exponential search: a short step costs a few
        /// comparisons, a long one a logarithm.</summary>
        public static int FirstAtLeast(ReadOnlySpan<long> words, int stride, int from, long key)
        {
            var count = words.Length / stride;
            var below = from;
            var step = 1;
            var at = from + 1;
            while (at < count && words[at * stride] < key)
            {
                below = at;
                step <<= 1;
                at = from + step;
            }

            at = Math.Min(at, count);
            while (at - below > 1)
            {
                var middle = below + ((at - below) >> 1);
                if (words[middle * stride] < key)
                {
                    below = middle;
                }
                else
                {
                    at = middle;
                }
            }

            return at;
        }
    }

    /// <summary>Reads id-index pages by import and page number into one reused buffer, and finds the pages whose keys can
    /// fall in a range.</summary>
    private sealed class IndexPages : IDisposable
    {
        private readonly SqliteCommand _load;
        private readonly SqliteCommand _covering;
        private byte[] _bytes = [];

        public IndexPages(SqliteConnection connection, SqliteTransaction transaction)
        {
            _load = Prepare(connection, transaction, "SELECT data FROM cvr_id_pages WHERE import_id = $import AND page = $page", "$page");
            // The page whose first key is the largest at most $key: the only one that can hold $key.
            _covering = Prepare(connection, transaction,
                "SELECT page FROM cvr_id_pages WHERE import_id = $import AND first_key <= $key ORDER BY first_key DESC LIMIT 1", "$key");
        }

        /// <summary>The pages of <paramref name="importId"/>'s index that can hold a key from <paramref name="low"/> to
        /// <paramref name="high"/>: from the one that can hold <paramref name="low"/> (or the first) to the one that can hold
        /// <paramref name="high"/>, or an empty range (last below first) when every key of the index is above
        /// <paramref name="high"/>.</summary>
        public (int First, int Last) Covering(string importId, long low, long high) =>
            (Holding(importId, low) ?? 0, Holding(importId, high) ?? -1);

        /// <summary>Loads a page that exists, valid until the next load.</summary>
        public LoadedPage Load(string importId, int page) =>
            TryLoad(importId, page, out var loaded) ? loaded : throw new InvalidOperationException($"Import {importId} has no id-index page {page}.");

        /// <summary>Loads a page, valid until the next load; false when the index has no such page.</summary>
        public bool TryLoad(string importId, int page, out LoadedPage loaded)
        {
            _load.Parameters["$import"].Value = importId;
            _load.Parameters["$page"].Value = page;
            using var reader = _load.ExecuteReader();
            if (!reader.Read())
            {
                loaded = default;
                return false;
            }

            var bytes = checked((int)reader.GetBytes(0, 0, null, 0, 0));
            if (_bytes.Length < bytes)
            {
                _bytes = new byte[Math.Max(bytes, IndexPageEntries * BallotPage.EntryBytes)];
            }

            var read = 0;
            while (read < bytes)
            {
                read += checked((int)reader.GetBytes(0, read, _bytes, read, bytes - read));
            }

            var entries = bytes / BallotPage.EntryBytes;
            var words = MemoryMarshal.Cast<byte, long>(_bytes.AsSpan(0, entries * BallotPage.EntryBytes));
            if (!BitConverter.IsLittleEndian)
            {
                BinaryPrimitives.ReverseEndianness(words, words);
            }

            loaded = new LoadedPage(words);
            return true;
        }

        public void Dispose()
        {
            _load.Dispose();
            _covering.Dispose();
        }

        private int? Holding(string importId, long key)
        {
            _covering.Parameters["$import"].Value = importId;
            _covering.Parameters["$key"].Value = key;
            return _covering.ExecuteScalar() is long page ? checked((int)page) : null;
        }

        private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, string number)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.Parameters.Add("$import", SqliteType.Text);
            command.Parameters.Add(number, SqliteType.Integer);
            command.Prepare();
            return command;
        }
    }

    /// <summary>A loaded id-index page: its entries' keys and places, side by side (<see cref="BallotPage.WriteEntry"/>).</summary>
    private readonly ref struct LoadedPage(ReadOnlySpan<long> words)
    {
        private readonly ReadOnlySpan<long> _words = words;

        public int Count => _words.Length / 2;

        public long KeyAt(int entry) => _words[entry * 2];

        public long PlaceAt(int entry) => _words[(entry * 2) + 1];

        /// <summary>The first entry from <paramref name="from"/> on whose key is at least <paramref name="key"/>
        /// (<see cref="IndexWindow.FirstAtLeast"/>).</summary>
        public int FirstAtLeast(int from, long key) => IndexWindow.FirstAtLeast(_words, 2, from, key);
    }

    /// <summary>Writes this import's id index: pages of about <see cref="IndexPageEntries"/> (or the store's setting) sorted entries, keyed by page
    /// number and first key; entries with one key never straddle two pages, so a lookup reads exactly one page.</summary>
    private sealed class IndexWriter : IDisposable
    {
        private readonly SqliteCommand _insert;
        private readonly SqliteParameter _page;
        private readonly SqliteParameter _firstKey;
        private readonly SqliteParameter _data;
        private readonly ArrayBufferWriter<byte> _buffer;
        private readonly int _pageEntries;
        private readonly WalWriteback? _writeback;
        private int _pages;
        private long _lastKey;

        public IndexWriter(SqliteConnection connection, SqliteTransaction transaction, string importId, int pageEntries, WalWriteback? writeback)
        {
            _writeback = writeback;
            _pageEntries = pageEntries;
            _buffer = new((pageEntries + 16) * BallotPage.EntryBytes);
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
            if (_buffer.WrittenCount >= _pageEntries * BallotPage.EntryBytes && entry.Key != _lastKey)
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
            _writeback?.Written(_buffer.WrittenCount);
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
