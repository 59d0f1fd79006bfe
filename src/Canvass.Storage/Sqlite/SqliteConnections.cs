using Microsoft.Data.Sqlite;

namespace Canvass.Storage.Sqlite;

/// <summary>What the SQLite stores share about their connections to the file.</summary>
internal static class SqliteConnections
{
    /// <summary>
    /// The connection string for <paramref name="pathOrConnectionString"/>: a file path, or a full connection string (one
    /// containing <c>=</c>), with commands timing out after <paramref name="defaultTimeoutSeconds"/>.
    /// </summary>
    public static string ConnectionString(string pathOrConnectionString, int defaultTimeoutSeconds)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrConnectionString);
        var builder = pathOrConnectionString.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(pathOrConnectionString)
            : new SqliteConnectionStringBuilder { DataSource = pathOrConnectionString };
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
