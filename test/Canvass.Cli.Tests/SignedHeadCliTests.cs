using Microsoft.Data.Sqlite;

namespace Canvass.Cli.Tests;

/// <summary>The log key remembers the last checkpoint it signed (<c>KEY.checkpoint</c>): a store put back to an earlier
/// copy, or made again under the same key, agrees with its own checkpoints, and the next append signed a second history
/// under the log's name. Only observers who kept a <c>--state</c> file noticed, after the fact.</summary>
public sealed class SignedHeadCliTests : IDisposable
{
    private const string Totals = "county,precinct,office,district,party,candidate,votes\nSouth County,,District 1 Representative,,,Quinn,7\n";
    private readonly Canvass _canvass = new();

    public SignedHeadCliTests()
    {
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        Assert.Equal(0, _canvass.Run("import", "cvr", _canvass.Write("north.csv", NorthBallots)).ExitCode);
    }

    private static string NorthBallots => TestElection.Header + "\n"
        + "B1,ru-north,ru-n1,b1,election-day,cs-gov-a,cs-co-x|cs-co-y,bm-1-yes,cs-d1-p\n"
        + "B2,ru-north,ru-n1,b1,election-day,cs-gov-a,cs-co-x,bm-1-yes,cs-d1-q\n";

    private string Memory => _canvass.Store + ".log-key.checkpoint";

    private string Origin => _canvass.Run("log", "checkpoint").Stdout.Split('\n')[0];

    public void Dispose() => _canvass.Dispose();

    [Fact]
    public void Init_KeepsTheLastSignedCheckpointBesideTheKey_AndEveryAppendAdvancesIt()
    {
        Assert.Equal(_canvass.Run("log", "checkpoint").Stdout, File.ReadAllText(Memory));

        Assert.Equal(0, _canvass.Run("import", "results", _canvass.Write("south.csv", Totals)).ExitCode);

        var checkpoint = _canvass.Run("log", "checkpoint").Stdout;
        Assert.StartsWith(Origin + "\n3\n", checkpoint, StringComparison.Ordinal);
        Assert.Equal(checkpoint, File.ReadAllText(Memory));
    }

    [Fact]
    public void Import_StorePutBackToAnEarlierCopy_IsRefusedAndStoresNothing_UntilTheOperatorRemovesTheMemory()
    {
        var backup = Backup();
        Assert.Equal(0, _canvass.Run("import", "results", _canvass.Write("south.csv", Totals)).ExitCode);
        var signed = File.ReadAllText(Memory);
        Restore(backup);
        var checkpoint = _canvass.Run("log", "checkpoint").Stdout;

        var run = _canvass.Run("import", "results", _canvass.Write("south-9.csv", Totals.Replace(",7\n", ",9\n", StringComparison.Ordinal)));

        CliAssert.Failed(run, 1, $"refusing to sign: this log key last signed the log '{Origin}' at size 3 (recorded in {Memory}), and this store's log has only 2 entries");
        Assert.Contains($"remove {Memory} first", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(checkpoint, _canvass.Run("log", "checkpoint").Stdout);
        Assert.Equal(signed, File.ReadAllText(Memory));

        File.Delete(Memory);
        Assert.Equal(0, _canvass.Run("import", "results", _canvass.PathOf("south-9.csv")).ExitCode);
        Assert.Equal(_canvass.Run("log", "checkpoint").Stdout, File.ReadAllText(Memory));
    }

    [Fact]
    public void Init_StoreMadeAgainWithTheKeyOfTheOneDropped_IsRefusedWithExit2()
    {
        var signed = File.ReadAllText(Memory);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_canvass.Store + suffix);
        }

        var run = _canvass.Run("init", "--election", _canvass.PathOf("election.json"));

        CliAssert.Failed(run, 2, "at size 2 (recorded in " + Memory + "), and this store's log has only 0 entries");
        Assert.Contains("To start a new log, give --log-key a path where no key exists yet.", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(signed, File.ReadAllText(Memory));
        Assert.True(File.Exists(_canvass.Store + ".log-key"));
        Assert.False(File.Exists(_canvass.Store), "a refused init leaves no store file behind");
        Assert.Equal(2, _canvass.Run("tabulate").ExitCode);
    }

    /// <summary>A key made for another election's log is refused before anything is created: the refused init left an
    /// empty store, which the next command took for one with no election.</summary>
    [Fact]
    public void Init_WithAnotherElectionsKey_IsRefused_AndLeavesNoStore()
    {
        var store = _canvass.PathOf("second.db");
        var other = TestElection.WriteJson(_canvass, TestElection.Definition with { Name = "Another Election" }, "other.json");

        var run = _canvass.Run(false, "init", "--store", store, "--election", other, "--log-key", _canvass.Store + ".log-key");

        CliAssert.Failed(run, 2, "not for this election; it may already sign another store's log");
        Assert.False(File.Exists(store), "a refused init leaves no store file behind");
        Assert.Equal(0, _canvass.Run(false, "init", "--store", store, "--election", other).ExitCode);
    }

    private string Backup()
    {
        // A consistent copy of the whole database, as an operator's backup would be.
        var backup = _canvass.PathOf("backup.db");
        using var connection = new SqliteConnection($"Data Source={_canvass.Store};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"VACUUM INTO '{backup}'";
        command.ExecuteNonQuery();
        return backup;
    }

    private void Restore(string backup)
    {
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            File.Delete(_canvass.Store + suffix);
        }

        File.Copy(backup, _canvass.Store, overwrite: true);
    }
}
