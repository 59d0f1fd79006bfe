using Canvass.Domain.Elections;
using Canvass.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Tests.Sqlite;

/// <summary>The paged ballot layout of the SQLite store: the partitioned sort of ids spilled in many chunks, exact answers
/// when different ids share a key, and what happens to a store written with one row per ballot.</summary>
public sealed class SqliteBallotPagesTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("canvass-pages-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [Theory]
    [InlineData(-1L, 2, 37)] // real 64-bit keys in four partitions, each spilled in several chunks
    [InlineData(-1L, 8, 1024)] // the default: 256 partitions, most of them empty or nearly, nothing spilled
    [InlineData(0x7L, 2, 37)] // eight keys for every id, all in one partition: nearly every entry collides with a different id
    [InlineData(0x7L, 8, 100_000)] // one partition, never spilled, whose sort must put the places of each of its eight keys back in order
    // Spilled chunks keep a key's bits below its partition's (8, 7 or 6 bytes) and each place as its distance from the
    // one before: one partition bit; the default 8 with chunks of 3; 16 bits with chunks of one entry (whose place is
    // written whole, and which ends less than 8 bytes from the chunk's end); eight keys in one of 65,536 partitions.
    [InlineData(-1L, 1, 5)]
    [InlineData(-1L, 8, 3)]
    [InlineData(-1L, 16, 1)]
    [InlineData(0x7L, 16, 2)]
    public async Task ManyChunksAndSharedKeys_DuplicatesAndLookupsAreExact(long keyMask, int partitionBits, int chunkEntries)
    {
        await using var store = await OpenAsync("runs.db", partitionBits, chunkEntries, keyMask);
        await using (var first = await store.BeginBallotImportAsync("cvr-1", "first.csv", Ct))
        {
            for (var i = 0; i < 300; i++)
            {
                first.Add(Ballot($"a-{i}"), i + 2);
            }

            Assert.Empty(await first.FindDuplicatesAsync(10, Ct));
            await first.CommitAsync(Streams.Election, 0, [SampleEvents.CvrsCommitted], Record("first.csv", 300), Ct);
        }

        // The second file repeats a-17 and a-250 from the first, and b-5 within itself (three times).
        var ids = Enumerable.Range(0, 500).Select(i => $"b-{i}").ToList();
        ids.Insert(100, "a-17");
        ids.Insert(200, "b-5");
        ids.Insert(450, "a-250");
        ids.Add("b-5");
        await using var second = await store.BeginBallotImportAsync("cvr-2", "second.csv", Ct);
        for (var i = 0; i < ids.Count; i++)
        {
            second.Add(Ballot(ids[i]), i + 2);
        }

        Assert.Equal(
            [
                new DuplicateBallot("a-17", 102, null, "first.csv"),
                new DuplicateBallot("b-5", 202, 7, null),
                new DuplicateBallot("a-250", 452, null, "first.csv"),
                new DuplicateBallot("b-5", ids.Count + 1, 7, null),
            ],
            await second.FindDuplicatesAsync(10, Ct));
        Assert.Equal([new DuplicateBallot("a-17", 102, null, "first.csv"), new DuplicateBallot("b-5", 202, 7, null)], await second.FindDuplicatesAsync(2, Ct));
        await Assert.ThrowsAsync<ConcurrentWriteException>(() => second.CommitAsync(Streams.Election, 1, [SampleEvents.CvrsCommitted], Record("second.csv", ids.Count), Ct));
        await second.DisposeAsync();

        await using (var clean = await store.BeginBallotImportAsync("cvr-3", "third.csv", Ct))
        {
            for (var i = 0; i < 500; i++)
            {
                clean.Add(Ballot($"b-{i}"), i + 2);
            }

            Assert.Empty(await clean.FindDuplicatesAsync(10, Ct));
            await clean.CommitAsync(Streams.Election, 1, [SampleEvents.CvrsCommitted], Record("third.csv", 500), Ct);
        }

        Assert.Equal(800, await store.CountBallotsAsync(Ct));
        Assert.Equal(new BallotLocation("cvr-1", 17, 300, Ballot("a-17")), await store.FindBallotAsync("a-17", Ct));
        Assert.Equal(new BallotLocation("cvr-3", 499, 500, Ballot("b-499")), await store.FindBallotAsync("b-499", Ct));
        for (var i = 0; i < 500; i += 7)
        {
            Assert.Equal(i, (await store.FindBallotAsync($"b-{i}", Ct))!.IndexInImport);
        }

        Assert.Null(await store.FindBallotAsync("b-500", Ct));
        Assert.Null(await store.FindBallotAsync("a-300", Ct));
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"b-{i}"), await store.ReadImportBallotsAsync("cvr-3", Ct).Select(b => b.BallotId).ToListAsync(Ct));
        Assert.Empty(await store.ReadImportBallotsAsync("cvr-2", Ct).ToListAsync(Ct));
    }

    [Theory]
    [InlineData(-1L, 4096, 1 << 18)] // the defaults: each index one page, one window
    [InlineData(-1L, 16, 40)] // many small pages, many windows: earlier pages are read by key range, a window at a time
    [InlineData(-1L, 7, 1)] // a window of one page at a time
    [InlineData(0x3FL, 16, 40)] // 64 keys for every id: groups of equal keys fill whole pages and cross windows' ends
    [InlineData(0x3L, 5, 3)] // four keys: nearly every entry collides with a different id, in pages far larger than asked
    public async Task ManyEarlierImports_SmallPagesAndWindows_FindExactlyTheStoredIds(long keyMask, int pageEntries, int windowEntries)
    {
        var random = new Random(20261202);
        var store = new SqliteCanvassStore(Path.Combine(_directory.FullName, "walk.db"))
        {
            ImportPartitionBits = 2,
            ImportChunkEntries = 29,
            ImportIndexPageEntries = pageEntries,
            ImportWindowEntries = windowEntries,
            IdKeyMask = keyMask,
        };
        await using (store)
        {
            await store.InitializeAsync(Ct);

            // Seven earlier files of different sizes (one of them empty of ballots in common with the last), all ids distinct.
            var stored = new Dictionary<string, string>(StringComparer.Ordinal);
            var version = 0L;
            var sizes = new[] { 1, 180, 37, 400, 2, 95, 260 };
            for (var f = 0; f < sizes.Length; f++)
            {
                var file = $"earlier-{f}.csv";
                await using var earlier = await store.BeginBallotImportAsync($"cvr-{f}", file, Ct);
                for (var i = 0; i < sizes[f]; i++)
                {
                    var id = $"e{f}-{i}";
                    earlier.Add(Ballot(id), i + 2);
                    stored[id] = file;
                }

                Assert.Empty(await earlier.FindDuplicatesAsync(10, Ct));
                await earlier.CommitAsync(Streams.Election, version++, [SampleEvents.CvrsCommitted], Record(file, sizes[f]), Ct);
            }

            // The last file: new ids, ids already stored (about one in eight), and ids it repeats itself.
            var storedIds = stored.Keys.Order(StringComparer.Ordinal).ToArray();
            var ids = new List<string>();
            for (var i = 0; i < 700; i++)
            {
                ids.Add(random.Next(8) switch
                {
                    0 => storedIds[random.Next(storedIds.Length)],
                    1 when ids.Count > 0 => ids[random.Next(ids.Count)],
                    _ => $"n-{i}",
                });
            }

            var expected = new List<DuplicateBallot>();
            var firstLine = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var i = 0; i < ids.Count; i++)
            {
                // A stored id the file also repeats is reported twice on its line: once as stored, once as repeated.
                var line = i + 2L;
                if (stored.TryGetValue(ids[i], out var file))
                {
                    expected.Add(new DuplicateBallot(ids[i], line, null, file));
                }

                if (!firstLine.TryAdd(ids[i], line))
                {
                    expected.Add(new DuplicateBallot(ids[i], line, firstLine[ids[i]], null));
                }
            }

            Assert.Contains(expected, d => d.ExistingFile is not null);
            Assert.Contains(expected, d => d.ExistingFile is null);
            await using var last = await store.BeginBallotImportAsync("cvr-last", "last.csv", Ct);
            for (var i = 0; i < ids.Count; i++)
            {
                last.Add(Ballot(ids[i]), i + 2);
            }

            // In line order; the two reports of one line may come either way round.
            var all = await last.FindDuplicatesAsync(10_000, Ct);
            Assert.Equal(expected.Select(d => d.Line), all.Select(d => d.Line));
            Assert.Equal(expected.OrderBy(d => d.Line).ThenBy(d => d.ExistingFile ?? string.Empty, StringComparer.Ordinal),
                all.OrderBy(d => d.Line).ThenBy(d => d.ExistingFile ?? string.Empty, StringComparer.Ordinal));
            var first = await last.FindDuplicatesAsync(5, Ct);
            Assert.Equal(expected.Take(5).Select(d => d.Line), first.Select(d => d.Line));
            Assert.All(first, d => Assert.Contains(d, expected));
        }
    }

    [Fact]
    public async Task BeginImport_WithTheIdOfACommittedImport_IsRefused()
    {
        await using var store = await OpenAsync("again.db", partitionBits: 1, chunkEntries: 4, keyMask: -1);
        await using (var import = await store.BeginBallotImportAsync("cvr-1", "cvrs.csv", Ct))
        {
            import.Add(Ballot("x"), 2);
            await import.CommitAsync(Streams.Election, 0, [SampleEvents.CvrsCommitted], Record("cvrs.csv", 1), Ct);
        }

        await Assert.ThrowsAsync<ConcurrentWriteException>(() => store.BeginBallotImportAsync("cvr-1", "other.csv", Ct));
        Assert.Equal(new BallotLocation("cvr-1", 0, 1, Ballot("x")), await store.FindBallotAsync("x", Ct));
    }

    [Fact]
    public async Task Initialize_StoreWithOneRowPerBallot_IsRefusedAndLeftUntouched()
    {
        var path = Path.Combine(_directory.FullName, "old.db");
        await CreateRowPerBallotStoreAsync(path, withBallot: true);

        await using var store = new SqliteCanvassStore(path);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync(Ct));

        Assert.Contains("older Canvass", error.Message, StringComparison.Ordinal);
        Assert.Contains("import the election and its files again", error.Message, StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync(path, "SELECT count(*) FROM cvr_ballots"));
        Assert.Equal(0L, await ScalarAsync(path, "PRAGMA user_version"));
    }

    [Fact]
    public async Task Initialize_StoreWithEmptyRowPerBallotTables_IsUpgraded()
    {
        var path = Path.Combine(_directory.FullName, "empty-old.db");
        await CreateRowPerBallotStoreAsync(path, withBallot: false);

        await using (var store = new SqliteCanvassStore(path))
        {
            await store.InitializeAsync(Ct);
            await ImportOneBallotAsync(store);
            Assert.Equal(1, await store.CountBallotsAsync(Ct));
        }

        Assert.Equal(0L, await ScalarAsync(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'cvr_ballots'"));
        Assert.Equal((long)SqliteCanvassStore.SchemaVersion, await ScalarAsync(path, "PRAGMA user_version"));
    }

    [Fact]
    public async Task Initialize_Schema2StoreWithBallots_IsRefusedAndLeftUntouched()
    {
        var path = Path.Combine(_directory.FullName, "schema2.db");
        await using (var store = new SqliteCanvassStore(path))
        {
            await store.InitializeAsync(Ct);
            await ImportOneBallotAsync(store);
        }

        SqliteConnection.ClearAllPools();
        await ScalarAsync(path, "PRAGMA user_version = 2");
        await using (var store = new SqliteCanvassStore(path))
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync(Ct));
            Assert.Contains("older Canvass", error.Message, StringComparison.Ordinal);
            Assert.Contains("import the election and its files again", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(2L, await ScalarAsync(path, "PRAGMA user_version"));
        Assert.Equal(1L, await ScalarAsync(path, "SELECT count(*) FROM cvr_ballot_pages"));
    }

    [Fact]
    public async Task Initialize_EmptySchema2Store_IsUpgraded()
    {
        var path = Path.Combine(_directory.FullName, "empty-schema2.db");
        await using (var store = new SqliteCanvassStore(path))
        {
            await store.InitializeAsync(Ct);
        }

        SqliteConnection.ClearAllPools();
        await ScalarAsync(path, "PRAGMA user_version = 2");
        await using (var store = new SqliteCanvassStore(path))
        {
            await store.InitializeAsync(Ct);
            await ImportOneBallotAsync(store);
            Assert.Equal(Ballot("b-1"), (await store.FindBallotAsync("b-1", Ct))!.Ballot);
        }

        Assert.Equal((long)SqliteCanvassStore.SchemaVersion, await ScalarAsync(path, "PRAGMA user_version"));
    }

    [Fact]
    public async Task Initialize_Schema3Store_IsUpgradedAndItsPagesStillReadAndCheckDuplicates()
    {
        // A store whose pages are in the schema 3 layout (absolute lines, ids whole, no leading 00 FF): every ballot of
        // it reads back, a new import that repeats one of its ids is refused by the duplicate check (which reads the id
        // back from the old page), and a clean new import is written in the schema 4 layout beside it.
        var path = Path.Combine(_directory.FullName, "schema3.db");
        await using (var store = new SqliteCanvassStore(path))
        {
            await store.InitializeAsync(Ct);
            await using var first = await store.BeginBallotImportAsync("cvr-1", "first.csv", Ct);
            for (var i = 0; i < 3_000; i++)
            {
                first.Add(Ballot($"a-{i}"), (i * 3) + 2);
            }

            await first.CommitAsync(Streams.Election, 0, [SampleEvents.CvrsCommitted], Record("first.csv", 3_000), Ct);
        }

        SqliteConnection.ClearAllPools();
        await RewritePagesAsSchema3Async(path);
        await ScalarAsync(path, "PRAGMA user_version = 3");
        Assert.Equal(0L, await ScalarAsync(path, "SELECT count(*) FROM cvr_ballot_pages WHERE substr(data, 1, 2) = x'00FF'"));

        await using (var store = new SqliteCanvassStore(path))
        {
            await store.InitializeAsync(Ct);
            for (var i = 0; i < 3_000; i += 37)
            {
                Assert.Equal(new BallotLocation("cvr-1", i, 3_000, Ballot($"a-{i}")), await store.FindBallotAsync($"a-{i}", Ct));
            }

            await using (var repeat = await store.BeginBallotImportAsync("cvr-2", "second.csv", Ct))
            {
                repeat.Add(Ballot("b-1"), 2);
                repeat.Add(Ballot("a-2999"), 3);
                Assert.Equal([new DuplicateBallot("a-2999", 3, null, "first.csv")], await repeat.FindDuplicatesAsync(10, Ct));
            }

            await using (var clean = await store.BeginBallotImportAsync("cvr-3", "third.csv", Ct))
            {
                clean.Add(Ballot("c-1"), 2);
                Assert.Empty(await clean.FindDuplicatesAsync(10, Ct));
                await clean.CommitAsync(Streams.Election, 1, [SampleEvents.CvrsCommitted], Record("third.csv", 1), Ct);
            }

            Assert.Equal(new BallotLocation("cvr-3", 0, 1, Ballot("c-1")), await store.FindBallotAsync("c-1", Ct));
        }

        Assert.Equal((long)SqliteCanvassStore.SchemaVersion, await ScalarAsync(path, "PRAGMA user_version"));
        Assert.Equal(1L, await ScalarAsync(path, "SELECT count(*) FROM cvr_ballot_pages WHERE substr(data, 1, 2) = x'00FF'"));
    }

    /// <summary>Rewrites every ballot page in the schema 3 layout, each string introduced anew (valid, if not compact).</summary>
    private static async Task RewritePagesAsSchema3Async(string path)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(Ct);
        var pages = new List<(long RowId, byte[] Data)>();
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT rowid, data FROM cvr_ballot_pages";
            await using var reader = await select.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                pages.Add((reader.GetInt64(0), (byte[])reader.GetValue(1)));
            }
        }

        foreach (var (rowId, data) in pages)
        {
            var old = new List<byte>();
            var page = new BallotPage.Reader(data);
            while (!page.AtEnd)
            {
                var b = page.Read(out var line);
                Number(old, (ulong)line);
                Number(old, (ulong)b.VoteMethod);
                old.Add((byte)((b.Precinct is null ? 0 : 1) | (b.BatchId is null ? 0 : 2) | (b.BallotStyle is null ? 0 : 4)));
                var id = System.Text.Encoding.UTF8.GetBytes(b.BallotId);
                Number(old, (ulong)id.Length);
                old.AddRange(id);
                foreach (var text in new[] { b.County, b.Precinct, b.BatchId, b.BallotStyle }.OfType<string>())
                {
                    New(old, text);
                }

                var parts = b.Marks.Length == 0 ? [] : b.Marks.Split(';');
                Number(old, (ulong)parts.Length);
                foreach (var part in parts)
                {
                    New(old, part);
                }
            }

            await using var update = connection.CreateCommand();
            update.CommandText = "UPDATE cvr_ballot_pages SET data = $data WHERE rowid = $rowid";
            update.Parameters.AddWithValue("$data", old.ToArray());
            update.Parameters.AddWithValue("$rowid", rowId);
            await update.ExecuteNonQueryAsync(Ct);
        }

        static void New(List<byte> output, string text)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            Number(output, ((ulong)bytes.Length << 1) | 1);
            output.AddRange(bytes);
        }

        static void Number(List<byte> output, ulong value)
        {
            for (; value >= 0x80; value >>= 7)
            {
                output.Add(unchecked((byte)(value | 0x80)));
            }

            output.Add((byte)value);
        }
    }

    [Fact]
    public async Task Initialize_StoreFromANewerVersion_IsRefused()
    {
        var path = Path.Combine(_directory.FullName, "newer.db");
        await ScalarAsync(path, $"PRAGMA user_version = {SqliteCanvassStore.SchemaVersion + 1}");

        await using var store = new SqliteCanvassStore(path);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync(Ct));

        Assert.Contains("newer Canvass", error.Message, StringComparison.Ordinal);
    }

    private async Task<SqliteCanvassStore> OpenAsync(string name, int partitionBits, int chunkEntries, long keyMask)
    {
        var store = new SqliteCanvassStore(Path.Combine(_directory.FullName, name))
        {
            ImportPartitionBits = partitionBits,
            ImportChunkEntries = chunkEntries,
            IdKeyMask = keyMask,
        };
        await store.InitializeAsync(Ct);
        return store;
    }

    /// <summary>The tables a store had before schema 2 (one row per ballot, no user_version).</summary>
    private static Task CreateRowPerBallotStoreAsync(string path, bool withBallot) => ScalarAsync(path, """
        CREATE TABLE ev_events (position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, version INTEGER NOT NULL, type TEXT NOT NULL,
            data TEXT NOT NULL, metadata TEXT, recorded_at TEXT NOT NULL, UNIQUE (stream_id, version));
        CREATE TABLE cvr_ballots (seq INTEGER PRIMARY KEY, ballot_id TEXT NOT NULL UNIQUE, import_id TEXT NOT NULL, line INTEGER NOT NULL,
            county TEXT NOT NULL, precinct TEXT, batch_id TEXT, vote_method INTEGER NOT NULL, ballot_style TEXT, marks TEXT NOT NULL);
        CREATE TABLE cvr_imports (import_id TEXT PRIMARY KEY, first_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL);
        """ + (withBallot
            ? "INSERT INTO cvr_ballots VALUES (1, 'b-1', 'cvr-1', 2, 'cty-fulton', NULL, NULL, 3, NULL, 'k-gov=s-1'); INSERT INTO cvr_imports VALUES ('cvr-1', 1, 1); SELECT 0;"
            : "SELECT 0;"));

    [Fact]
    public async Task IdLearnedLate_PastTheHeldBytes_AddWaitsForIt()
    {
        // No page may be held: the first page written waits for the id.
        await using var store = new SqliteCanvassStore(Path.Combine(_directory.FullName, "held.db")) { ImportHeldPageBytes = 0 };
        await store.InitializeAsync(Ct);
        var importId = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var import = await store.BeginBallotImportAsync(importId.Task, "held.csv", Ct);

        // Enough ballots for several pages, added on another thread.
        var ballots = Enumerable.Range(0, 30_000).Select(i => Ballot($"held-{i:D5}")).ToArray();
        var adding = Task.Run(() =>
        {
            for (var i = 0; i < ballots.Length; i++)
            {
                import.Add(ballots[i], i + 2);
            }
        }, Ct);

        // Adding them all takes milliseconds when nothing waits; it is still waiting a second later.
        Assert.NotSame(adding, await Task.WhenAny(adding, Task.Delay(1000, Ct)));
        importId.SetResult("cvr-held");
        await adding;
        Assert.Empty(await import.FindDuplicatesAsync(10, Ct));
        await import.CommitAsync(Streams.Election, 0, [SampleEvents.CvrsCommitted], Record("held.csv", ballots.Length), Ct);

        Assert.Equal(ballots, await store.ReadImportBallotsAsync("cvr-held", Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task LargeImport_FlushesItsWal_AsItGoes_AndStoresTheSameBallots()
    {
        // Every page asks for a flush, as every 32 MB does in a large import.
        await using var store = new SqliteCanvassStore(Path.Combine(_directory.FullName, "writeback.db")) { ImportWritebackBytes = 1 };
        await store.InitializeAsync(Ct);
        var ballots = Enumerable.Range(0, 30_000).Select(i => Ballot($"wb-{i:D5}")).ToArray();
        await using (var import = await store.BeginBallotImportAsync("cvr-wb", "wb.csv", Ct))
        {
            for (var i = 0; i < ballots.Length; i++)
            {
                import.Add(ballots[i], i + 2);
            }

            // The flushes run beside the import; the first follows the first pages within moments.
            Assert.True(SpinWait.SpinUntil(() => ((SqliteBallotImport)import).WalFlushes > 0, TimeSpan.FromSeconds(30)), "The WAL was never flushed.");
            Assert.Empty(await import.FindDuplicatesAsync(10, Ct));
            await import.CommitAsync(Streams.Election, 0, [SampleEvents.CvrsCommitted], Record("wb.csv", ballots.Length), Ct);
        }

        Assert.Equal(ballots, await store.ReadImportBallotsAsync("cvr-wb", Ct).ToListAsync(Ct));
    }

    [Fact]
    public void WalWriteback_WithoutAWal_LeavesTheSyncToSqlite()
    {
        var path = Path.Combine(_directory.FullName, "no-wal.db");
        var writeback = new WalWriteback(path, everyBytes: 1);
        writeback.Written(2);
        writeback.Written(2);

        // Disposing waits for the flush, which found no WAL to flush and did not fail.
        writeback.Dispose();
        Assert.Equal(0, writeback.Flushes);
        Assert.False(File.Exists(path + "-wal"));
    }

    [Fact]
    public void WalWriteback_BelowItsThreshold_StartsNoThread()
    {
        using var writeback = new WalWriteback(Path.Combine(_directory.FullName, "small.db"));
        writeback.Written(WalWriteback.EveryBytes - 1);
        Assert.False(writeback.Started);
    }

    [Fact]
    public async Task IdLearnedLate_OfAnImportAlreadyStored_IsRefusedAndStoresNothing()
    {
        await using var store = await SqliteCanvassStore.OpenAsync(Path.Combine(_directory.FullName, "again.db"), cancellationToken: Ct);
        await ImportOneBallotAsync(store);
        var importId = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        await using (var import = await store.BeginBallotImportAsync(importId.Task, "other.csv", Ct))
        {
            import.Add(Ballot("b-2"), 2);
            importId.SetResult("cvr-1");
            var refused = await Assert.ThrowsAsync<ConcurrentWriteException>(() => import.FindDuplicatesAsync(10, Ct));
            Assert.Equal("The store already holds ballots of import cvr-1.", refused.Message);
        }

        Assert.Equal(1, await store.CountBallotsAsync(Ct));
        Assert.Null(await store.FindBallotAsync("b-2", Ct));
    }

    private static async Task ImportOneBallotAsync(SqliteCanvassStore store)
    {
        await using var import = await store.BeginBallotImportAsync("cvr-1", "cvrs.csv", Ct);
        import.Add(Ballot("b-1"), 2);
        Assert.Empty(await import.FindDuplicatesAsync(10, Ct));
        await import.CommitAsync(Streams.Election, 0, [SampleEvents.CvrsCommitted], Record("cvrs.csv", 1), Ct);
    }

    private static async Task<long> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static ImportRecord Record(string fileName, long records) =>
        new(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(fileName))), "cvr", fileName, records);

    private static StoredBallot Ballot(string id) =>
        new(id, "cty-fulton", id.Length % 2 == 0 ? "pct-1" : null, id.Length % 3 == 0 ? "batch-7" : null, CountItemType.AbsenteeMail, null, $"k-gov=s-{id}");
}
