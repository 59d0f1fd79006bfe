using Canvass.Cli.Commands;
using Canvass.Cli.Common;
using Canvass.Cli.Imports;

namespace Canvass.Cli.Tests;

/// <summary>How an import of several files reports a failure of the system (a disk, the database) part way: the files before
/// it are stored, each in its own transaction, so the run says so and names the files it did not reach, then the failure
/// ends it. Before, the failure alone was printed, and a file stored without a word.</summary>
public sealed class ImportReportingTests : IDisposable
{
    private readonly Canvass _canvass = new();

    public ImportReportingTests() => Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);

    public void Dispose() => _canvass.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SystemFailureAfterAFileWasStored_ReportsItAndTheFilesNotReached(bool json)
    {
        var stored = new FileInfo(_canvass.Write("first.csv", TestElection.Ballots));
        var failing = new FileInfo(_canvass.Write("second.csv", TestElection.Ballots));
        var after = new FileInfo(_canvass.Write("third.csv", TestElection.Ballots));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var output = new Output(stdout, stderr, json);
        var ct = TestContext.Current.CancellationToken;

        var failure = await Assert.ThrowsAsync<IOException>(() => ImportReporting.RunAsync(output, [stored, failing, after], _canvass.Store, null,
            (session, file) => file == stored ? CvrImporter.ImportAsync(session, file.FullName, null, ct) : throw new IOException("No space left on device"), ct));

        Assert.Equal("No space left on device", failure.Message);
        if (json)
        {
            using var outcomes = System.Text.Json.JsonDocument.Parse(stdout.ToString());
            var outcome = Assert.Single(outcomes.RootElement.EnumerateArray());
            Assert.Equal(("imported", 6L), (outcome.GetProperty("status").GetString(), outcome.GetProperty("records").GetInt64()));
        }
        else
        {
            Assert.StartsWith($"imported  {stored.FullName}: ", stdout.ToString(), StringComparison.Ordinal);
        }

        Assert.Contains("not imported: second.csv and the file after it, because of the failure below", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal((2L, 6L), await StoreProbe.CountAsync(_canvass.Store));
    }
}
