using Canvass.Domain;
using Canvass.Ledger;
using Canvass.Storage;
using Canvass.Storage.Logging;
using Canvass.Storage.Postgres;
using Canvass.Storage.Sqlite;
using Canvass.Storage.Subscriptions;
using Npgsql;

namespace Canvass.Cli.Common;

/// <summary>Where the store is: a SQLite file path (the default, <c>./canvass.db</c>) or a PostgreSQL connection string.</summary>
internal static class StoreLocation
{
    public const string EnvironmentVariable = "CANVASS_STORE";
    public const string DefaultPath = "canvass.db";

    /// <summary>The option value, else <c>CANVASS_STORE</c>, else <c>./canvass.db</c>.</summary>
    public static string Resolve(string? option) =>
        !string.IsNullOrWhiteSpace(option) ? option
        : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? env
        : DefaultPath;

    /// <summary>True when <paramref name="store"/> is a PostgreSQL connection string rather than a file path.</summary>
    public static bool IsPostgres(string store) =>
        store.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || store.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || store.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    /// <summary>What is wrong with <paramref name="store"/> as a place for a store before anything is opened or created,
    /// or null: a SQLite path that is a folder or a file that is not a SQLite database, or a PostgreSQL connection
    /// string that does not parse or names no host. A server that cannot be reached is not checked here: that is a
    /// failure of the system, not of the command line.</summary>
    public static Problem? Check(string store)
    {
        if (IsPostgres(store))
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(ToNpgsql(store));
                return string.IsNullOrWhiteSpace(builder.Host)
                    ? new Problem(ProblemCodes.BadValue, "The store's PostgreSQL connection string names no host (Host=… or postgres://HOST/DATABASE).")
                    : null;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException or InvalidCastException)
            {
                // The message names the key at fault, never the password's value.
                return new Problem(ProblemCodes.BadValue, "The store's PostgreSQL connection string is not valid: " + e.Message);
            }
        }

        // Not a path anyone names a database file by, but a connection string without Host= (a typo such as Hots=db;…):
        // refused rather than created as a file of that name.
        if (store.Contains(';', StringComparison.Ordinal) && store.Contains('=', StringComparison.Ordinal) && !File.Exists(store))
        {
            return new Problem(ProblemCodes.BadValue,
                "The store reads as a connection string (KEY=VALUE;…) but has no Host=: a PostgreSQL store needs Host=… (or postgres://HOST/DATABASE); a SQLite store is a file path.");
        }

        var full = Path.GetFullPath(store);
        if (Directory.Exists(full))
        {
            return new Problem(ProblemCodes.BadValue, $"The store is a folder; a SQLite store is a file (such as {Path.Combine(full, DefaultPath)}).", full);
        }

        if (File.Exists(full) && !IsSqlite(full))
        {
            return new Problem(ProblemCodes.BadValue, "Not a Canvass store: the file is not a SQLite database.", full);
        }

        return null;
    }

    // An empty file is a database SQLite has not written yet; otherwise the file begins with SQLite's magic header.
    private static bool IsSqlite(string path)
    {
        Span<byte> header = stackalloc byte[16];
        try
        {
            using var file = File.OpenRead(path);
            var read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            return read == 0 || (read == header.Length && header.SequenceEqual("SQLite format 3\0"u8));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true; // not readable by this user: let SQLite say so, as a failure of the system
        }
    }

    /// <summary>True when a SQLite store file exists (PostgreSQL stores are assumed to exist).</summary>
    public static bool Exists(string store) => IsPostgres(store) || File.Exists(store);

    /// <summary>Opens the store; <paramref name="create"/> false for a command that works only on an existing store (a
    /// PostgreSQL database without one then throws <see cref="StoreNotFoundException"/>; a missing SQLite file is
    /// checked before, by <see cref="Exists"/>).</summary>
    /// <remarks>The key's memory of the last checkpoint it signed is kept beside <paramref name="logKeyPath"/>, where the
    /// signer was read from (<see cref="SignedHeadFile.PathFor"/>).</remarks>
    public static async Task<ICanvassStore> OpenAsync(string store, NoteSigner? logSigner, string? logKeyPath, CancellationToken cancellationToken, bool create = true)
    {
        var memory = logSigner is null || logKeyPath is null ? null : new SignedHeadFile(SignedHeadFile.PathFor(logKeyPath));
        ICanvassStore opened = IsPostgres(store)
            ? new PostgresCanvassStore(ToNpgsql(store), logSigner: logSigner) { CreateIfMissing = create, SignedHead = memory }
            : new SqliteCanvassStore(store, logSigner: logSigner) { SignedHead = memory };
        await opened.InitializeAsync(cancellationToken);
        return opened;
    }

    /// <summary>Opens the store's private subscription tables (creating them if needed).</summary>
    public static async Task<ISubscriptionStore> OpenSubscriptionsAsync(string store, CancellationToken cancellationToken) =>
        IsPostgres(store)
            ? await PostgresSubscriptionStore.OpenAsync(ToNpgsql(store), cancellationToken: cancellationToken)
            : await SqliteSubscriptionStore.OpenAsync(store, cancellationToken);

    /// <summary>Display form: a SQLite store's full path; a PostgreSQL store's database and host, never the rest of its
    /// connection string (a password).</summary>
    public static string Describe(string store)
    {
        if (!IsPostgres(store))
        {
            return Path.GetFullPath(store);
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(ToNpgsql(store));
            return $"the PostgreSQL database '{builder.Database ?? builder.Username ?? "(default)"}' on {builder.Host}";
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException or InvalidCastException)
        {
            return "the PostgreSQL store";
        }
    }

    /// <summary>The store as a <c>--store</c> argument in a command Canvass suggests: a SQLite path, quoted for a POSIX
    /// shell when it needs it; for PostgreSQL a placeholder, since the connection string may hold a password and
    /// printed commands end up in logs.</summary>
    public static string Argument(string store)
    {
        if (IsPostgres(store))
        {
            return "CONNECTION-STRING";
        }

        return ShellWord.Quote(store);
    }

    private static string ToNpgsql(string store)
    {
        if (!store.Contains("://", StringComparison.Ordinal))
        {
            return store;
        }

        // Each part goes through the builder, which quotes it: a decoded password holding ';' or '=' stays a password
        // instead of adding keys (postgres://u:x%3BDatabase%3Dother@… named another database).
        var uri = new Uri(store);
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.AbsolutePath.Length > 1)
        {
            builder.Database = Uri.UnescapeDataString(uri.AbsolutePath[1..]);
        }

        if (uri.UserInfo.Length > 0)
        {
            var userInfo = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
            if (userInfo.Length > 1)
            {
                builder.Password = Uri.UnescapeDataString(userInfo[1]);
            }
        }

        return builder.ConnectionString;
    }
}
