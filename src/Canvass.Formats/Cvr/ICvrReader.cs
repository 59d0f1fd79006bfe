using Canvass.Domain.Elections;
using Canvass.Formats.Common;

namespace Canvass.Formats.Cvr;

/// <summary>Reads cast vote records from one file, resolving every reference against the store's election.</summary>
/// <remarks>Readers stream: memory does not grow with the file. They never throw for bad input; every problem goes to the
/// <see cref="ProblemList"/> and reading continues, so one run lists every problem. A ballot with a problem is not
/// yielded. Callers must treat the whole file as rejected when <see cref="ProblemList.HasProblems"/> is true after the
/// enumeration ends.</remarks>
public interface ICvrReader
{
    /// <summary>The format name: <c>canvass-csv</c>, <c>nist-1500-103-json</c> or <c>nist-1500-103-xml</c>.</summary>
    string Format { get; }

    /// <summary>Streams the ballots of <paramref name="stream"/>. Problems go to <paramref name="problems"/>.</summary>
    IEnumerable<CvrRecord> Read(Stream stream, ElectionIndex election, ProblemList problems, CancellationToken ct = default);

    /// <summary>Hands each ballot of <paramref name="stream"/> to <paramref name="sink"/>, in order, in the form a store
    /// keeps it, with the same problems as <see cref="Read"/>. A reader may build that form from its own buffers without
    /// the resolved record; by default it converts each one.</summary>
    void ReadRows(Stream stream, ElectionIndex election, ProblemList problems, CvrRowSink sink, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(election);
        ArgumentNullException.ThrowIfNull(sink);
        foreach (var record in Read(stream, election, problems, ct))
        {
            var row = new CvrRow(CvrBallot.From(record, election.Definition));
            sink(in row);
        }
    }
}
