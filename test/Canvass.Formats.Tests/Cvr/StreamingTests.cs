using System.Text;
using Canvass.Formats.Common;
using Canvass.Formats.Cvr;

namespace Canvass.Formats.Tests.Cvr;

/// <summary>
/// Memory is measured process-wide, so nothing else in this assembly may run beside the test.
/// </summary>
[CollectionDefinition(nameof(MemoryMeasuringCollection), DisableParallelization = true)]
public sealed class MemoryMeasuringCollection;

[Collection(nameof(MemoryMeasuringCollection))]
public sealed class StreamingTests
{
    /// <summary>A non-seekable stream that writes a Canvass CSV on the fly, so the test itself holds no file.</summary>
    private sealed class GeneratedCsvStream(long rows) : Stream
    {
        private static readonly string[] Methods = ["election-day", "early", "absentee-mail", "provisional"];
        private readonly byte[] _row = new byte[256];
        private long _next = -1;
        private int _rowLength;
        private int _rowOffset;

        public long BytesProduced { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var written = 0;
            while (written < count)
            {
                if (_rowOffset == _rowLength)
                {
                    if (_next >= rows)
                    {
                        break;
                    }

                    var text = _next < 0
                        ? "ballot_id,county,precinct,batch,vote_method,pres,council-a,mayor-b,rcv\n"
                        : _next % 2 == 0
                            ? $"ballot-{_next:D10},county-a,p1,batch-{_next / 500:D6},{Methods[_next % 4]},pres-a,ca-1|ca-2,,r1>r2>r3\n"
                            : $"ballot-{_next:D10},county-b,p3,batch-{_next / 500:D6},{Methods[_next % 4]},pres-b,,mb-1,r3>r1\n";
                    _rowLength = Encoding.UTF8.GetBytes(text, _row);
                    _rowOffset = 0;
                    _next++;
                }

                var n = Math.Min(count - written, _rowLength - _rowOffset);
                Array.Copy(_row, _rowOffset, buffer, offset + written, n);
                _rowOffset += n;
                written += n;
            }

            BytesProduced += written;
            return written;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void A_200_MB_csv_streams_in_bounded_memory()
    {
        const long rows = 2_600_000; // about 80 bytes a row: over 200 MB
        using var stream = new GeneratedCsvStream(rows);
        var problems = new ProblemList("big.csv");
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var samples = new List<long>();
        long count = 0;
        long marks = 0;
        foreach (var record in new CanvassCsvCvrReader().Read(stream, TestElection.Index, problems, TestContext.Current.CancellationToken))
        {
            count++;
            marks += record.Ballot.Contests.Sum(c => c.Marks.Length);
            if (count % 250_000 == 0)
            {
                samples.Add(GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        Assert.False(problems.HasProblems, string.Join("\n", problems.ToImmutable()));
        Assert.Equal(rows, count);
        Assert.Equal(rows / 2 * (1 + 2 + 3) + rows / 2 * (1 + 1 + 2), marks);
        Assert.True(stream.BytesProduced > 200_000_000, $"only {stream.BytesProduced} bytes generated");

        // Live memory while reading must not follow the file: a few MB of buffers and caches, not hundreds.
        // A reader that kept what it read would grow with every row, so even the smallest of the last three
        // samples (taken after 2.0, 2.25 and 2.5 million rows) would be large; taking the smallest ignores a
        // passing spike from the runtime or the test host.
        Assert.Equal(10, samples.Count);
        var retained = samples.TakeLast(3).Min();
        Assert.True(retained < 32_000_000, $"live memory grew by {retained} bytes while reading {stream.BytesProduced} bytes (samples: {string.Join(", ", samples)})");
    }
}
