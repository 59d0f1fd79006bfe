using Canvass.Domain;
using Canvass.Domain.Rcv;
using Canvass.Formats.Common;

namespace Canvass.Formats.Rcv;

internal static class DominionReader
{
    public static IEnumerable<RankedCvr> Read(RcvSource source, string path, int? maxRankings, ProblemList problems, CancellationToken ct) => Pending.Fail(source, path, problems);
}

internal static class ClearBallotReader
{
    public static IEnumerable<RankedCvr> Read(RcvSource source, string path, int? maxRankings, ProblemList problems, CancellationToken ct) => Pending.Fail(source, path, problems);
}

internal static class HartReader
{
    public static IEnumerable<RankedCvr> Read(RcvSource source, string path, int? maxRankings, ProblemList problems, CancellationToken ct) => Pending.Fail(source, path, problems);
}

internal static class GenericCsvReader
{
    public static IEnumerable<RankedCvr> Read(RcvSource source, string path, int? maxRankings, ProblemList problems, CancellationToken ct) => Pending.Fail(source, path, problems);
}

internal static class Pending
{
    public static IEnumerable<RankedCvr> Fail(RcvSource source, string path, ProblemList problems)
    {
        problems.Add(new Problem(ProblemCodes.Unsupported, $"The '{source.Provider}' reader is not implemented yet.", path));
        return [];
    }
}
