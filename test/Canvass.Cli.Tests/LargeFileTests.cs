using System.Text;

namespace Canvass.Cli.Tests;

/// <summary>A 2 GB file is streamed, never loaded: the tool's peak memory stays far below the file's size.</summary>
public sealed class LargeFileTests : IDisposable
{
    private const long TwoGigabytes = 2L * 1024 * 1024 * 1024;
    private readonly Canvass _canvass = new();

    public void Dispose() => _canvass.Dispose();

    [Fact]
    public async Task ImportCvr_TwoGigabyteFileOfBadRows_StreamsRejectsAndStoresNothing()
    {
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        var path = _canvass.PathOf("huge.csv");
        long rows = 0;
        await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            file.Write(Encoding.UTF8.GetBytes(TestElection.Header + "\n"));
            // Every row names a county the election does not have, so the whole file is read and every row checked.
            var block = new StringBuilder();
            while (file.Length < TwoGigabytes)
            {
                block.Clear();
                for (var i = 0; i < 10_000; i++, rows++)
                {
                    block.Append("BALLOT-").Append(rows).Append(",ru-atlantis,,batch-1,election-day,cs-gov-a,cs-co-x|cs-co-y,bm-1-yes,\n");
                }

                file.Write(Encoding.UTF8.GetBytes(block.ToString()));
            }
        }

        var size = new FileInfo(path).Length;
        Assert.True(size >= TwoGigabytes);
        var run = _canvass.Run("import", "cvr", path);
        File.Delete(path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("huge.csv:2:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("[too-many-problems]", run.Stderr, StringComparison.Ordinal);
        Assert.True(run.PeakRssBytes > 0, "peak RSS could not be read from /proc");
        Assert.True(run.PeakRssBytes < 512L * 1024 * 1024, $"peak memory {run.PeakRssBytes / 1048576} MB for a {size / 1048576} MB file");
        Assert.Equal((1L, 0L), await StoreProbe.CountAsync(_canvass.Store));
    }
}
