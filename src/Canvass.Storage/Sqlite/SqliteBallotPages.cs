using System.Text;
using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Sqlite;

/// <summary>Reads the paged ballot tables: <c>cvr_imports</c> (one row per committed import, in commit order),
/// <c>cvr_ballot_pages</c> (<see cref="BallotPage"/> BLOBs keyed by import and first place) and <c>cvr_id_pages</c>
/// (each import's sorted id keys, keyed by import and page, with each page's first key).</summary>
internal static class SqliteBallotPages
{
    /// <summary>The page of <paramref name="importId"/> that holds place <paramref name="index"/>, if any.</summary>
    public static (long First, long Ballots, byte[] Data)? LoadPage(SqliteConnection connection, SqliteTransaction? transaction, string importId, long index)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT first_index, ballots, data FROM cvr_ballot_pages
            WHERE import_id = $import_id AND first_index <= $index ORDER BY first_index DESC LIMIT 1
            """;
        command.Parameters.AddWithValue("$import_id", importId);
        command.Parameters.AddWithValue("$index", index);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var first = reader.GetInt64(0);
        var ballots = reader.GetInt64(1);
        return index < first + ballots ? (first, ballots, (byte[])reader.GetValue(2)) : null;
    }

    /// <summary>Finds a committed ballot by id: in each import's id index, the one page that can hold its key; every
    /// entry with that key is confirmed on the stored id.</summary>
    public static BallotLocation? Find(SqliteConnection connection, SqliteTransaction transaction, string ballotId, long keyMask)
    {
        long key;
        try
        {
            key = BallotPage.IdKey(ballotId) & keyMask;
        }
        catch (EncoderFallbackException)
        {
            return null; // A lone surrogate: no stored id has one (imports read strict UTF-8).
        }

        var imports = new List<(string ImportId, long Ballots)>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT import_id, ballots FROM cvr_imports ORDER BY rowid";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                imports.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        foreach (var (importId, ballots) in imports)
        {
            byte[]? index;
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = """
                    SELECT data FROM cvr_id_pages WHERE import_id = $import_id AND first_key <= $key
                    ORDER BY first_key DESC LIMIT 1
                    """;
                command.Parameters.AddWithValue("$import_id", importId);
                command.Parameters.AddWithValue("$key", key);
                index = command.ExecuteScalar() as byte[];
            }

            if (index is null)
            {
                continue;
            }

            var entries = index.Length / BallotPage.EntryBytes;
            var (lo, hi) = (0, entries);
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (BallotPage.ReadEntry(index.AsSpan(mid * BallotPage.EntryBytes)).Key < key)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            for (var i = lo; i < entries; i++)
            {
                var entry = BallotPage.ReadEntry(index.AsSpan(i * BallotPage.EntryBytes));
                if (entry.Key != key)
                {
                    break;
                }

                if (LoadPage(connection, transaction, importId, entry.Index) is not { } page)
                {
                    throw new InvalidOperationException($"The id index of import {importId} points at place {entry.Index}, which is not stored.");
                }

                var reader = new BallotPage.Reader(page.Data);
                reader.Skip(entry.Index - page.First);
                var ballot = reader.Read(out _);
                if (ballot.BallotId == ballotId)
                {
                    return new BallotLocation(importId, entry.Index, ballots, ballot);
                }
            }
        }

        return null;
    }

    /// <summary>Decodes every ballot of one page, in order.</summary>
    public static IEnumerable<StoredBallot> Ballots(byte[] data, long count)
    {
        var reader = new BallotPage.Reader(data);
        for (var i = 0L; i < count; i++)
        {
            yield return reader.Read(out _);
        }

        if (!reader.AtEnd)
        {
            throw new InvalidOperationException("A stored ballot page has bytes after its last ballot.");
        }
    }
}
