using Canvass.TestKit;

namespace Canvass.Cli.Tests;

/// <summary>The same user path as <see cref="CliEndToEndTests"/> with a PostgreSQL connection string as the store, on the
/// throwaway cluster of <see cref="PostgresServer"/>: one fresh database per test.</summary>
public sealed class PostgresCliTests(PostgresServer server) : IClassFixture<PostgresServer>, IDisposable
{
    private readonly Canvass _canvass = new();

    public void Dispose() => _canvass.Dispose();

    private Task<string> NewDatabaseAsync() => PostgresDatabases.CreateAsync(server, "cli_");

    [Fact]
    public async Task InitImportTabulateVerify_OnPostgres_GivesTheHandCountedTotals()
    {
        var store = await NewDatabaseAsync();
        var key = _canvass.PathOf("pg.log-key");
        string[] Args(params string[] a) => [.. a, "--store", store];

        Assert.Equal(0, _canvass.Run(false, Args("init", "--election", TestElection.WriteJson(_canvass), "--log-key", key)).ExitCode);
        var import = _canvass.Run(false, Args("import", "cvr", _canvass.Write("ballots.csv", TestElection.Ballots), "--log-key", key));
        Assert.True(import.ExitCode == 0, import.ToString());

        // A bad file is rejected and leaves the count unchanged.
        var bad = _canvass.Run(false, Args("import", "cvr", _canvass.Write("bad.csv", TestElection.Header + "\nB9,ru-north,ru-n1,b1,election-day,cs-gov-zz,,,\n"), "--log-key", key));
        Assert.Equal(2, bad.ExitCode);

        var t = Json.Parse(_canvass.Run(false, Args("tabulate", "--json")));
        Assert.Equal(6, t.GetProperty("ballotsCounted").GetInt64());
        var gov = Json.Contest(t, "cc-gov");
        Assert.Equal((2, 1, 1), (Json.Votes(gov, "cs-gov-a"), Json.Votes(gov, "cs-gov-b"), Json.Votes(gov, "cs-gov-c")));

        var verify = _canvass.Run(false, Args("verify", "--state", _canvass.PathOf("state.json")));
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("1 CVR commitment re-derived from 6 ballots", verify.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", verify.Stdout + verify.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    private async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A reader pointed at a database without a store created one there, and its message printed the whole
    /// connection string, password included ("Run 'canvass init --store Host=…;Password=…'").</summary>
    [Theory]
    [InlineData("tabulate")]
    [InlineData("tabulate", "--json")]
    [InlineData("verify")]
    public async Task Reader_OnADatabaseWithoutAStore_IsRefusedWithoutCreatingOneOrPrintingThePassword(params string[] args)
    {
        var database = await NewDatabaseAsync();
        var store = database + ";Password=s3cret-never-printed";

        var run = _canvass.Run(false, [.. args, "--store", store]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("No store at the PostgreSQL database 'cli_", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--store CONNECTION-STRING", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(database, "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'canvass'"));
    }

    /// <summary>Every command ran the schema's DDL on opening, so a role that may only read (or a standby) could not
    /// tabulate, and a reader's DDL deadlocked with an import storing its ballots.</summary>
    [Fact]
    public async Task Reader_WithOnlySelectRights_TabulatesAnExistingStore()
    {
        var store = await NewDatabaseAsync();
        var key = _canvass.PathOf("pg.log-key");
        Assert.Equal(0, _canvass.Run(false, "init", "--store", store, "--election", TestElection.WriteJson(_canvass), "--log-key", key).ExitCode);
        Assert.Equal(0, _canvass.Run(false, "import", "cvr", "--store", store, _canvass.Write("ballots.csv", TestElection.Ballots), "--log-key", key).ExitCode);
        var reader = await ReaderRoleAsync(store);

        var t = _canvass.Run(false, "tabulate", "--json", "--store", reader);

        Assert.True(t.ExitCode == 0, t.ToString());
        Assert.Equal(6, Json.Parse(t).GetProperty("ballotsCounted").GetInt64());
        var verify = _canvass.Run(false, "verify", "--store", reader, "--state", _canvass.PathOf("state.json"));
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    /// <summary>The notifier's role as docs/deployment-postgres.md sets it up (the subscription tables granted to it, the
    /// rest readable, no right to create) failed every subscription command with "permission denied for database": opening
    /// the subscription tables ran <c>CREATE SCHEMA IF NOT EXISTS</c> each time.</summary>
    [Fact]
    public async Task Notifier_GrantedTheSubscriptionTablesOnly_ListsAndNotifies()
    {
        var store = await NewDatabaseAsync();
        var key = _canvass.PathOf("pg.log-key");
        Assert.Equal(0, _canvass.Run(false, "init", "--store", store, "--election", TestElection.WriteJson(_canvass), "--log-key", key).ExitCode);
        var subscribed = _canvass.Run(false, "subscribe", "--store", store, "--policy", "certified", "--url", "http://127.0.0.1:9/hook", "--accept-terms", "--allow-loopback");
        Assert.True(subscribed.ExitCode == 0, subscribed.ToString());
        var role = "notifier_" + Guid.NewGuid().ToString("N")[..8];
        await ExecuteAsync(store, $"CREATE ROLE {role} LOGIN; GRANT CONNECT ON DATABASE {new Npgsql.NpgsqlConnectionStringBuilder(store).Database} TO {role}; "
            + $"GRANT USAGE ON SCHEMA canvass TO {role}; GRANT SELECT ON ALL TABLES IN SCHEMA canvass TO {role}; "
            + $"GRANT SELECT, INSERT, UPDATE, DELETE ON canvass.wh_subscriptions, canvass.wh_outbox TO {role}");
        var notifier = new Npgsql.NpgsqlConnectionStringBuilder(store) { Username = role }.ConnectionString;

        var listed = _canvass.Run(false, "subscriptions", "--json", "--store", notifier);
        var notified = _canvass.Run(false, "notify", "--store", notifier, "--allow-loopback");

        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Equal("certified", Json.Parse(listed)[0].GetProperty("policy").GetString());
        Assert.True(notified.ExitCode == 0, notified.ToString());
    }

    /// <summary>A connection string for a new role that may only read the store (SELECT, read-only transactions).</summary>
    private async Task<string> ReaderRoleAsync(string store)
    {
        var role = "reader_" + Guid.NewGuid().ToString("N")[..8];
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(store);
        await ExecuteAsync(store, $"CREATE ROLE {role} LOGIN; GRANT CONNECT ON DATABASE {builder.Database} TO {role}; "
            + $"GRANT USAGE ON SCHEMA canvass TO {role}; GRANT SELECT ON ALL TABLES IN SCHEMA canvass TO {role}; "
            + $"ALTER ROLE {role} SET default_transaction_read_only = on");
        return new Npgsql.NpgsqlConnectionStringBuilder(store) { Username = role }.ConnectionString;
    }

    /// <summary>A server error was printed as Npgsql's message, which ends (for a deadlock, a unique key) in advice to put
    /// "Include Error Detail" in the connection string, and a server that stopped answering as "Exception while writing
    /// to stream". Both now say what happened in the operator's terms, with the server's code.</summary>
    [Fact]
    public async Task ServerErrors_AreSaidInTheOperatorsTerms()
    {
        var store = await NewDatabaseAsync();
        var key = _canvass.PathOf("pg.log-key");
        Assert.Equal(0, _canvass.Run(false, "init", "--store", store, "--election", TestElection.WriteJson(_canvass), "--log-key", key).ExitCode);
        var reader = await ReaderRoleAsync(store);

        var refused = _canvass.Run(false, "import", "cvr", "--store", reader, _canvass.Write("ballots.csv", TestElection.Ballots), "--log-key", key);

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("error: the PostgreSQL server refused: ", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("(SQLSTATE 25006).", refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", refused.Stderr, StringComparison.Ordinal);

        var closed = new Npgsql.NpgsqlConnectionStringBuilder(store) { Port = 1, Timeout = 5 }.ConnectionString;
        var unreachable = _canvass.Run(false, "tabulate", "--store", closed);

        Assert.True(unreachable.ExitCode == 1, unreachable.ToString());
        Assert.Contains("error: the PostgreSQL server could not be reached or stopped answering (Failed to connect to ", unreachable.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", unreachable.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A postgres:// URL's decoded parts were spliced into a KEY=VALUE string: a password holding ';' added keys
    /// (here, another database), and a legitimate 'a;b' password made the string invalid.</summary>
    [Fact]
    public async Task PostgresUrl_PasswordWithASemicolon_StaysAPassword()
    {
        var store = await NewDatabaseAsync();
        var b = new Npgsql.NpgsqlConnectionStringBuilder(store);
        var url = $"postgres://{Uri.EscapeDataString(b.Username!)}:x%3BDatabase%3Dpostgres@{b.Host}:{b.Port}/{b.Database}";
        var key = _canvass.PathOf("pg.log-key");

        var init = _canvass.Run(false, "init", "--store", url, "--election", TestElection.WriteJson(_canvass), "--log-key", key);

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Equal(1, await CountAsync(store, "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'canvass'"));
    }

    /// <summary>Every PostgreSQL store initialized from one folder found the same ./canvass-log.key: the second election's
    /// store started its log with the first one's key and name, so one state file following both saw a history removed.</summary>
    [Fact]
    public async Task Init_WithTheDefaultKeyOfAnotherElection_IsRefusedUntilItsLogIsNamed_AndItsMemoryRemoved()
    {
        var first = await NewDatabaseAsync();
        var second = await NewDatabaseAsync();
        Assert.Equal(0, _canvass.Run(false, "init", "--store", first, "--election", TestElection.WriteJson(_canvass)).ExitCode);
        var key = _canvass.PathOf("canvass-log.key");
        var keyText = File.ReadAllText(key);
        var name = keyText.Split('+')[2];
        var other = TestElection.WriteJson(_canvass, TestElection.Definition with { Name = "Another Election" }, "other.json");

        var refused = _canvass.Run(false, "init", "--store", second, "--election", other);

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains($"was made for the log '{name}', not for this election", refused.Stdout + refused.Stderr, StringComparison.Ordinal);
        Assert.Contains($"--origin {name}", refused.Stdout + refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(second, "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'canvass'"));
        Assert.Equal(keyText, File.ReadAllText(key));

        // The same election in a fresh database (a store dropped and made again) may take its own key, and a deliberate
        // --origin may start the other election's log with the shared key; but the key signed the first store's log
        // under that name, so either is a second history until the operator removes the key's memory of it on purpose.
        var memory = key + ".checkpoint";
        var third = await NewDatabaseAsync();
        var again = _canvass.Run(false, "init", "--store", third, "--election", TestElection.WriteJson(_canvass));
        CliAssert.Failed(again, 2, $"this log key last signed the log '{name}' at size 1 (recorded in {memory}), and this store's log has only 0 entries");
        Assert.Contains("To start a new log, give --log-key a path where no key exists yet.", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(third, "SELECT count(*) FROM canvass.ledger_meta"));
        Assert.Equal(0, await CountAsync(third, "SELECT count(*) FROM canvass.ev_events"));

        File.Delete(memory);
        again = _canvass.Run(false, "init", "--store", third, "--election", TestElection.WriteJson(_canvass));
        Assert.True(again.ExitCode == 0, again.ToString());
        CliAssert.Failed(_canvass.Run(false, "init", "--store", second, "--election", other, "--origin", name), 2, "this store's log has only 0 entries");
        File.Delete(memory);
        var named = _canvass.Run(false, "init", "--store", second, "--election", other, "--origin", name);
        Assert.True(named.ExitCode == 0, named.ToString());
    }

    /// <summary>Two inits of one store at once, each making its own key: the one that lost kept its new key, which no log
    /// uses, and failed with a system error. The test holds the store's append lock until both inits wait for it, so
    /// both have found no log yet and then meet in the store.</summary>
    [Fact]
    public async Task Init_RacingAnotherInitWithAnotherKey_LosesWithoutLeavingItsKey()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await NewDatabaseAsync();
        await (await Storage.Postgres.PostgresCanvassStore.OpenAsync(store, cancellationToken: ct)).DisposeAsync();
        var election = TestElection.WriteJson(_canvass);
        var keys = new[] { _canvass.PathOf("racer-a.log-key"), _canvass.PathOf("racer-b.log-key") };
        CliRun[] runs;
        await using (var holder = new Npgsql.NpgsqlConnection(store))
        {
            await holder.OpenAsync(ct);
            await using var transaction = await holder.BeginTransactionAsync(ct);
            await using (var take = new Npgsql.NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('canvass-append:canvass'))", holder, transaction))
            {
                await take.ExecuteNonQueryAsync(ct);
            }

            var racing = keys.Select(k => Task.Run(() => _canvass.Run(false, "init", "--store", store, "--election", election, "--log-key", k), ct)).ToArray();
            while (await CountAsync(store, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") < 2)
            {
                Assert.False(racing.Any(r => r.IsCompleted), "an init finished without waiting for the append lock");
                await Task.Delay(50, ct);
            }

            await transaction.RollbackAsync(ct);
            runs = await Task.WhenAll(racing);
        }

        Assert.Equal(1, runs.Count(r => r.ExitCode == 0));
        var loser = runs.Single(r => r.ExitCode != 0);
        Assert.True(loser.ExitCode == 2, loser.ToString());
        Assert.Contains("This store's log is already initialized as", loser.Stdout + loser.Stderr, StringComparison.Ordinal);
        var winner = Assert.Single(keys, File.Exists);
        Assert.Equal(0, _canvass.Run(false, "import", "cvr", "--store", store, _canvass.Write("ballots.csv", TestElection.Ballots), "--log-key", winner).ExitCode);
    }
}
