using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Sqlite;

/// <summary>What the SQLite stores share about their connections to the file.</summary>
internal static class SqliteConnections
{
    /// <summary>Opens a connection and sets <paramref name="pragmas"/> on it; disposes of it if either fails.</summary>
    public static async Task<SqliteConnection> OpenAsync(string connectionString, string pragmas, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Releases pooled connections to the file, so it can be moved or deleted.</summary>
    public static ValueTask ReleasePoolAsync(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }
}
