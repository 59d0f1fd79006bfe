using Canvass.Cli.Common;
using Canvass.Domain.Events;
using Canvass.Storage;
using Canvass.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Canvass.Cli.Tests;

/// <summary>Edits a SQLite store file behind Canvass's back, as someone with access to the database could.</summary>
public static class Tamper
{
    public static void Sql(string store, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={store};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        // The append-only triggers protect against mistakes, not against someone who owns the file.
        command.CommandText = "DROP TRIGGER IF EXISTS ev_events_no_update; DROP TRIGGER IF EXISTS ev_events_no_delete; " + sql;
        command.ExecuteNonQuery();
    }

    public static string Scalar(string store, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={store};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    /// <summary>Replaces <paramref name="from"/> with <paramref name="to"/> (the same length, so every page still decodes)
    /// in the bytes of every stored ballot page, as someone editing ballots in place could; returns how many pages changed.</summary>
    public static int ReplaceInBallotPages(string store, string from, string to)
    {
        Assert.Equal(from.Length, to.Length);
        Assert.NotEqual(from, to);
        using var connection = new SqliteConnection($"Data Source={store};Pooling=False");
        connection.Open();
        var pages = new List<(long RowId, byte[] Data)>();
        using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT rowid, data FROM cvr_ballot_pages";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                pages.Add((reader.GetInt64(0), (byte[])reader.GetValue(1)));
            }
        }

        var (find, replacement) = (System.Text.Encoding.UTF8.GetBytes(from), System.Text.Encoding.UTF8.GetBytes(to));
        var changed = 0;
        foreach (var (rowId, data) in pages)
        {
            var found = false;
            for (var at = data.AsSpan().IndexOf(find); at >= 0; at = data.AsSpan().IndexOf(find))
            {
                replacement.CopyTo(data, at);
                found = true;
            }

            if (found)
            {
                using var update = connection.CreateCommand();
                update.CommandText = "UPDATE cvr_ballot_pages SET data = $data WHERE rowid = $rowid";
                update.Parameters.AddWithValue("$data", data);
                update.Parameters.AddWithValue("$rowid", rowId);
                update.ExecuteNonQuery();
                changed++;
            }
        }

        return changed;
    }

    /// <summary>Appends events straight through the store, signed with the log's key, as someone running the store
    /// without Canvass's rules could.</summary>
    public static async Task AppendSignedAsync(string store, params IEvent[] events)
    {
        var ct = TestContext.Current.CancellationToken;
        var signer = LogKeys.Load(LogKeys.ResolvePath(store, null)).Value!;
        await using var log = new SqliteCanvassStore(store, null, signer);
        long version = 0;
        await foreach (var e in log.ReadStreamAsync(Streams.Election, 1, ct))
        {
            version = e.Version;
        }

        await log.AppendAsync(Streams.Election, version, events, null, ct);
    }

    /// <summary>The closing <c>canvass audit close-round</c> logs for the open round (see <see cref="CloseOnACopyAsync"/>).</summary>
    public static async Task<AuditRoundClosed> ClosingOfACopyAsync(Canvass canvass) => (await CloseOnACopyAsync(canvass)).OfType<AuditRoundClosed>().Single();

    /// <summary>The events <c>canvass audit close-round</c> logs for the open round, run on a copy of the store so that
    /// the store itself keeps the round open for forged ones.</summary>
    public static async Task<List<IEvent>> CloseOnACopyAsync(Canvass canvass)
    {
        using var twin = CopyOf(canvass);
        var close = twin.Run("audit", "close-round");
        Assert.True(close.ExitCode is 0 or 1, close.ToString());
        var events = new List<IEvent>();
        await using var store = new SqliteCanvassStore(twin.Store);
        await foreach (var e in store.ReadStreamAsync(Streams.Election, 1, TestContext.Current.CancellationToken))
        {
            events = e.Event is AuditRoundClosed ? [e.Event] : events.Count > 0 ? [.. events, e.Event] : events;
        }

        return events;
    }

    /// <summary>The events a command logs, run on a copy of the store so that the store itself stays as it was, for
    /// forged ones.</summary>
    public static async Task<List<IEvent>> LoggedOnACopyAsync(Canvass canvass, params string[] args)
    {
        var ct = TestContext.Current.CancellationToken;
        using var twin = CopyOf(canvass);
        long before = 0;
        await using (var store = new SqliteCanvassStore(twin.Store))
        {
            await foreach (var e in store.ReadStreamAsync(Streams.Election, 1, ct))
            {
                before = e.Version;
            }
        }

        var run = twin.Run(args);
        Assert.True(run.ExitCode == 0, run.ToString());
        var events = new List<IEvent>();
        await using (var store = new SqliteCanvassStore(twin.Store))
        {
            await foreach (var e in store.ReadStreamAsync(Streams.Election, before + 1, ct))
            {
                events.Add(e.Event);
            }
        }

        return events;
    }

    private static Canvass CopyOf(Canvass canvass)
    {
        var twin = new Canvass();
        foreach (var suffix in new[] { "", ".log-key", "-wal", "-shm" })
        {
            if (File.Exists(canvass.Store + suffix))
            {
                File.Copy(canvass.Store + suffix, twin.Store + suffix);
            }
        }

        return twin;
    }
}
