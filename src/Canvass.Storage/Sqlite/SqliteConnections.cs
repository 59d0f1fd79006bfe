using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Sqlite;

/// <summary>What the SQLite stores share about their connections to the file.</summary>
internal static class SqliteConnections
{
    /// <summary>The connection string for the SQLite file at <paramref name="path"/>, with commands timing out after
    /// <paramref name="defaultTimeoutSeconds"/>. The path is only ever a path: one holding <c>=</c> or <c>;</c>
    /// (<c>run=1.db</c>) is quoted as the data source, not parsed as a connection string.</summary>
    public static string ConnectionString(string path, int defaultTimeoutSeconds)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var builder = new SqliteConnectionStringBuilder { DataSource = path };
        builder.DefaultTimeout = defaultTimeoutSeconds;
        return builder.ToString();
    }

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
