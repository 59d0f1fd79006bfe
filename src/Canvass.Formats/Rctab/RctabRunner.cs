using System.Collections.Immutable;
using Canvass.Domain;
using Canvass.Domain.Rcv;
using Canvass.Formats.Common;
using Canvass.Formats.Rcv;

namespace Canvass.Formats.Rctab;

/// <summary>The outcome of running an RCTab config: the config, the result, or every problem.</summary>
public sealed record RctabRun(RctabConfig? Config, RcvResult? Result, ImmutableArray<Problem> Problems)
{
    /// <summary>True when the config was valid, every CVR was read and the count completed.</summary>
    public bool IsSuccess => Problems.IsDefaultOrEmpty && Result is { IsSuccess: true };
}

/// <summary>The CVRs of an RCTab config read without tabulating: every ballot with its source, or every problem.</summary>
public sealed record RctabCvrRead(RctabConfig? Config, ImmutableArray<(RcvSource Source, RankedCvr Cvr)> Ballots, ImmutableArray<Problem> Problems)
{
    /// <summary>True when the config was valid and every CVR was read.</summary>
    public bool IsSuccess => Config is not null && Problems.IsDefaultOrEmpty;
}

/// <summary>Reads an RCTab config, reads its CVR sources (paths relative to the config's folder) and tabulates.</summary>
public static class RctabRunner
{
    /// <summary>Reads a config and every CVR of its sources, in source order, without tabulating (RCTab's conversion
    /// modes). Each ballot comes with the source it was read from.</summary>
    public static RctabCvrRead ReadCvrs(string configPath, CancellationToken ct = default)
    {
        var config = RctabConfig.Read(configPath);
        if (!config.IsSuccess)
        {
            return new RctabCvrRead(null, [], config.Problems);
        }

        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(configPath))!;
        var cfg = config.Value;
        var candidates = new RcvCandidateLookup(cfg.ToContest());
        var ballots = ImmutableArray.CreateBuilder<(RcvSource Source, RankedCvr Cvr)>();
        var problems = ImmutableArray.CreateBuilder<Problem>();
        foreach (var source in cfg.Sources)
        {
            var list = new ProblemList(source.FilePath);
            foreach (var b in RcvSourceReader.Read(source, baseDirectory, cfg.Rules.MaxRankingsAllowed, candidates, list, ct))
            {
                ballots.Add((source, b));
            }

            problems.AddRange(list.ToImmutable());
        }

        return new RctabCvrRead(cfg, ballots.ToImmutable(), problems.ToImmutable());
    }

    /// <summary>Runs a config file end to end.</summary>
    public static RctabRun Run(string configPath, CancellationToken ct = default)
    {
        var config = RctabConfig.Read(configPath);
        if (!config.IsSuccess)
        {
            return new RctabRun(null, null, config.Problems);
        }

        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(configPath))!;
        var lists = new List<ProblemList>();
        var cfg = config.Value;
        var contest = cfg.ToContest();
        var candidates = new RcvCandidateLookup(contest);
        IEnumerable<RankedCvr> Ballots()
        {
            foreach (var source in cfg.Sources)
            {
                var problems = new ProblemList(source.FilePath);
                lists.Add(problems);
                foreach (var b in RcvSourceReader.Read(source, baseDirectory, cfg.Rules.MaxRankingsAllowed, candidates, problems, ct))
                {
                    yield return b;
                }
            }
        }

        var result = RcvTabulator.Tabulate(contest, Ballots());
        var readProblems = lists.SelectMany(l => l.ToImmutable()).ToImmutableArray();
        if (!readProblems.IsEmpty)
        {
            return new RctabRun(cfg, null, readProblems);
        }

        return new RctabRun(cfg, result, result.Problems.IsDefault ? [] : result.Problems);
    }
}
