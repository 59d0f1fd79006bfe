using System.CommandLine;
using System.Globalization;
using Canvass.Audit.Workflow;
using Canvass.Cli.Audit;
using Canvass.Cli.Common;
using Canvass.Cli.Imports;
using Canvass.Domain;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass audit options</c>: the sample-size choices for the next round.</summary>
internal static class AuditOptionsCommand
{
    public static Command Create() =>
        AuditCommand.Verb("options", "Compute the sample-size options for the next round of each targeted contest still short of the risk limit.", writes: false, [],
            async (parse, output, session, state, ct) =>
            {
                if (AuditStore.RequireAudit(state) is { } none)
                {
                    return output.Problem(none);
                }

                if (state.IsFinished)
                {
                    return output.Problem(AuditStore.NoOpenRound(state));
                }

                var report = await ComputeAsync(session, state, ct);
                if (output.Json)
                {
                    output.WriteJson(report, CliJsonContext.Default.AuditOptionsReport);
                    return ExitCodes.Ok;
                }

                var c = CultureInfo.InvariantCulture;
                output.Line($"Round {report.Round} sample-size options ({state.Audit!.AuditType}, risk limit {state.Audit.RiskLimit}%):");
                foreach (var contest in report.Contests)
                {
                    output.Line($"  {contest.Contest} (drawn so far: {contest.DrawnSoFar.ToString(c)})");
                    foreach (var o in contest.Options)
                    {
                        output.Line($"    {o.Id,-12} {o.Size.ToString("N0", c),10}  {o.Description}");
                    }
                }

                return ExitCodes.Ok;
            });

    /// <summary>The options for every targeted contest that still needs ballots.</summary>
    public static async Task<AuditOptionsReport> ComputeAsync(ElectionSession session, AuditState state, CancellationToken ct)
    {
        var audit = state.Audit!;
        if (audit.AuditType == Domain.Audits.AuditTypes.Hybrid)
        {
            return await HybridAudit.OptionsAsync(session, state, ct);
        }

        var closed = state.Rounds.Where(r => r.Closed is not null).ToList();
        var marks = audit.AuditType == Domain.Audits.AuditTypes.BallotComparison
            ? await AuditMeasurement.CvrMarksAsync(session, closed, ct)
            : [];
        var met = closed.Count > 0 ? closed[^1].Closed!.Contests.Where(o => o.RiskLimitMet).Select(o => o.Contest).ToHashSet(StringComparer.Ordinal) : [];
        var contests = new List<ContestOptions>();
        foreach (var contest in audit.Contests.Where(c => c.Targeted && !met.Contains(c.Contest)))
        {
            var measured = AuditMeasurement.For(contest, closed, marks, session.Index);
            var drawn = AuditMeasurement.DrawsFor(contest.Contest, closed);
            if (audit.AuditType == Domain.Audits.AuditTypes.BatchComparison)
            {
                var batchDraws = closed.SelectMany(r => r.Batches).Sum(b => (long)b.Draws.Count(d => d.Contest == contest.Contest));
                contests.Add(new ContestOptions(contest.Contest, batchDraws, [.. BatchAuditMath.Options(state, contest, closed)]));
                continue;
            }

            if (RankedChoiceAudit.IsRanked(state, contest.Contest))
            {
                contests.Add(new ContestOptions(contest.Contest, drawn, [.. RankedChoiceAudit.Options(state, contest, RankedChoiceAudit.Draws(contest, closed, marks, session.Index))]));
                continue;
            }

            contests.Add(new ContestOptions(contest.Contest, drawn, [.. AuditMath.Options(audit.AuditType, audit.RiskLimit, contest, measured, drawn)]));
        }

        return new AuditOptionsReport(state.Rounds.Length + (state.OpenRound is null ? 1 : 0), contests);
    }
}

/// <summary>The <c>--json</c> of <c>canvass audit options</c>.</summary>
internal sealed record AuditOptionsReport(int Round, IReadOnlyList<ContestOptions> Contests);

/// <summary>One contest's options.</summary>
internal sealed record ContestOptions(string Contest, long DrawnSoFar, IReadOnlyList<SampleSizeOption> Options)
{
    /// <summary>The option named <paramref name="optionId"/> (the first offered when null), or null with a problem added
    /// when the contest offers no such option.</summary>
    public SampleSizeOption? Pick(string? optionId, List<Problem> problems)
    {
        var pick = optionId is null ? Options[0] : Options.FirstOrDefault(o => o.Id == optionId);
        if (pick is null)
        {
            problems.Add(new Problem(ProblemCodes.BadValue, $"Contest {Contest} has no option '{optionId}' (it has {string.Join(", ", Options.Select(o => o.Id))}).", Path: "--option"));
        }

        return pick;
    }
}
