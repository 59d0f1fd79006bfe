using System.CommandLine;
using System.Globalization;
using Canvass.Cli.Audit;
using Canvass.Cli.Common;
using Canvass.Cli.Imports;
using Canvass.Domain;
using Canvass.Domain.Audits;
using Canvass.Domain.Events;
using Canvass.Storage;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass audit sample [--option ID] [--size N | --size CONTEST=N]</c>: draws the next round.</summary>
internal static class AuditSampleCommand
{
    public static Command Create()
    {
        var option = new Option<string?>("--option") { Description = "The sample-size option to take for every contest (see 'canvass audit options'; default: the first offered)." };
        var size = new Option<string[]>("--size") { Description = "A custom size: N for every contest, or CONTEST=N; repeat for more.", AllowMultipleArgumentsPerToken = true };
        var perBallot = new Option<bool>("--per-ballot")
        {
            Description = "A full hand tally of a ballot-polling or ballot-comparison audit: list every ballot of the frame and enter each one, instead of a tally sheet per batch (for a small frame; the event holds every ballot).",
        };
        return AuditCommand.Verb("sample", "Draw the next round's sample with the consistent sampler, and prove each drawn ballot's CVR against its commitment.", writes: true, [option, size, perBallot],
            async (parse, output, session, state, ct) =>
            {
                if (AuditStore.RequireAudit(state) is { } none)
                {
                    return output.Problem(none);
                }

                if (state.Seed is null)
                {
                    return output.Problem(ProblemCodes.Inconsistent, "The seed is not set; set it in public with 'canvass audit seed' first.");
                }

                if (state.OpenRound is { } open)
                {
                    return output.Problem(ProblemCodes.Inconsistent, $"Round {open.Number} is still open; record its ballots and close it first.");
                }

                if (state.IsFinished)
                {
                    return output.Problem(ProblemCodes.Inconsistent, $"The audit is over ({state.LastDecision}); no more rounds are drawn.");
                }

                var options = await AuditOptionsCommand.ComputeAsync(session, state, ct);
                var byBallot = parse.GetValue(perBallot);
                if (byBallot && state.Audit!.AuditType is AuditTypes.Hybrid or AuditTypes.BatchComparison)
                {
                    return output.Problem(ProblemCodes.BadValue, $"--per-ballot applies only to a full hand tally of a ballot-polling or ballot-comparison audit; this audit is {state.Audit.AuditType}.", "--per-ballot");
                }

                if (state.Audit!.AuditType == AuditTypes.Hybrid)
                {
                    return await HybridAudit.SampleAsync(output, session, state, options, parse.GetValue(option), parse.GetValue(size) ?? [], ct);
                }

                var (sizes, problems) = Choose(options, parse.GetValue(option), parse.GetValue(size) ?? []);
                MarkFullHandTallies(state, sizes, problems);
                var fullHandTally = sizes.FirstOrDefault(s => s.Option == SampleSize.FullHandTally);
                if (byBallot && fullHandTally is null && problems.Count == 0)
                {
                    problems.Add(new Problem(ProblemCodes.BadValue, "--per-ballot applies only to a full hand tally (--option all-ballots, or a size reaching the ballots not yet drawn).", Path: "--per-ballot"));
                }

                if (problems.Count > 0)
                {
                    return output.Problems("The sample sizes are not valid; nothing was drawn.", problems);
                }

                if (state.Audit!.AuditType == AuditTypes.BatchComparison)
                {
                    return await DrawBatchesAsync(output, session, state, sizes, ct);
                }

                if (fullHandTally is not null && !byBallot)
                {
                    return await FixFrameAsync(output, session, state, sizes, fullHandTally, ct);
                }

                if (await SampleDrawer.DrawAndProveAsync(output, session, state, () => SampleDrawer.Draw(state, sizes), ct) is not { } proven)
                {
                    return ExitCodes.Failed;
                }

                var drawnEvent = new AuditSampleDrawn(state.Audit!.AuditId, state.Rounds.Length + 1, [.. sizes], proven);
                await session.Store.AppendAsync(Streams.Election, session.State.Version, [drawnEvent], null, ct);
                var report = new AuditSampleReport(drawnEvent.Round, sizes, proven.Length, proven.Sum(b => b.Draws.Length), proven.Count(b => b.BallotId is not null), proven);
                if (output.Json)
                {
                    output.WriteJson(report, CliJsonContext.Default.AuditSampleReport);
                    return ExitCodes.Ok;
                }

                var c = CultureInfo.InvariantCulture;
                PrintRound(output, state, $"Round {report.Round}: {Quantity.Of(report.Ballots, "ballot")} ({Quantity.Of(report.Draws, "draw")}) with seed {state.Seed}",
                    sizes, $"  {Quantity.Of(report.CvrsProven, "sampled CVR")} proven against their import's commitment");
                return ExitCodes.Ok;
            });
    }

    private static async Task<int> DrawBatchesAsync(Output output, ElectionSession session, Canvass.Audit.Workflow.AuditState state, List<SampleSize> sizes, CancellationToken ct)
    {
        var batches = Canvass.Audit.Workflow.BatchAuditMath.Draw(state, sizes, state.Rounds);
        var round = state.Rounds.Length + 1;
        IEvent[] events = [new AuditSampleDrawn(state.Audit!.AuditId, round, [.. sizes], []), new AuditBatchesDrawn(state.Audit.AuditId, round, batches)];
        await session.Store.AppendAsync(Streams.Election, session.State.Version, events, null, ct);
        var report = new AuditBatchSampleReport(round, sizes, batches.Length, batches.Sum(b => b.Draws.Length), batches);
        if (output.Json)
        {
            output.WriteJson(report, CliJsonContext.Default.AuditBatchSampleReport);
            return ExitCodes.Ok;
        }

        var c = CultureInfo.InvariantCulture;
        PrintRound(output, state, $"Round {round.ToString(c)}: {Quantity.Of(report.Batches, "batch", "batches")} ({Quantity.Of(report.Draws, "draw")}) with seed {state.Seed}", sizes, null);
        return ExitCodes.Ok;
    }

    /// <summary>A full hand tally of a ballot audit, as Arlo counts one: the round lists no ballots and names its frame
    /// (each county's committed manifest), whose every batch the boards tally on a tally sheet.</summary>
    private static async Task<int> FixFrameAsync(Output output, ElectionSession session, Canvass.Audit.Workflow.AuditState state, List<SampleSize> sizes, SampleSize size, CancellationToken ct)
    {
        var round = state.Rounds.Length + 1;
        var frame = Canvass.Audit.Workflow.FullHandTally.Frame(state, state.Audit!.Contests.First(c => c.Contest == size.Contest), round);
        IEvent[] events = [new AuditSampleDrawn(state.Audit!.AuditId, round, [.. sizes], []), frame];
        await session.Store.AppendAsync(Streams.Election, session.State.Version, events, null, ct);
        var report = new AuditHandTallySampleReport(round, sizes, frame.Contest, frame.Batches, frame.Ballots, frame.Manifests);
        if (output.Json)
        {
            output.WriteJson(report, CliJsonContext.Default.AuditHandTallySampleReport);
            return ExitCodes.Ok;
        }

        var c = CultureInfo.InvariantCulture;
        output.Line($"Round {round.ToString(c)}: full hand tally of {frame.Contest}: {Quantity.Of(frame.Ballots, "ballot")} in {Quantity.Of(frame.Batches, "batch", "batches")} of {Quantity.Of(frame.Manifests.Length, "county's", "counties'")} committed manifests, counted per batch");
        output.Line("Next: canvass audit retrieval-list --out DIR (each county's batches), then each county's tally sheet: canvass audit record --county COUNTY --file SHEET.csv");
        return ExitCodes.Ok;
    }

    private static (List<SampleSize> Sizes, List<Problem> Problems) Choose(AuditOptionsReport options, string? optionId, string[] sizes)
    {
        var problems = new List<Problem>();
        var custom = new Dictionary<string, int>(StringComparer.Ordinal);
        int? everyContest = null;
        foreach (var s in sizes)
        {
            var eq = s.IndexOf('=', StringComparison.Ordinal);
            var text = eq < 0 ? s : s[(eq + 1)..];
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                problems.Add(new Problem(ProblemCodes.BadCount, $"'{s}' is not a positive whole number of draws.", Path: "--size"));
                continue;
            }

            if (eq < 0)
            {
                everyContest = n;
            }
            else if (options.Contests.All(c => c.Contest != s[..eq]))
            {
                problems.Add(new Problem(ProblemCodes.UnknownReference, $"'{s[..eq]}' is not a targeted contest that needs ballots this round ({string.Join(", ", options.Contests.Select(c => c.Contest))}).", Path: "--size"));
            }
            else
            {
                custom[s[..eq]] = n;
            }
        }

        var chosen = new List<SampleSize>();
        foreach (var contest in options.Contests)
        {
            if (custom.TryGetValue(contest.Contest, out var n) || everyContest is { } all && (n = all) > 0)
            {
                chosen.Add(new SampleSize(contest.Contest, "custom", n));
                continue;
            }

            if (contest.Options.Count == 0)
            {
                // The sample already meets the risk limit, or covers every ballot: nothing more to draw for it.
                continue;
            }

            if (contest.Pick(optionId, problems) is not { } pick)
            {
                continue;
            }

            chosen.Add(new SampleSize(contest.Contest, pick.Id, pick.Size));
        }

        if (chosen.Count == 0 && problems.Count == 0)
        {
            problems.Add(new Problem(ProblemCodes.Inconsistent, "No targeted contest needs more ballots; close the audit's round or see 'canvass audit status'."));
        }

        return (chosen, problems);
    }

    /// <summary>Turns each chosen size that is a full hand tally (<c>all-ballots</c>, or a size reaching what the frame has
    /// not yet drawn) into the round's <see cref="SampleSize.FullHandTally"/> of the whole frame, or refuses it (an audit
    /// with more than one targeted contest, as in Arlo).</summary>
    private static void MarkFullHandTallies(Canvass.Audit.Workflow.AuditState state, List<SampleSize> sizes, List<Problem> problems)
    {
        for (var i = 0; i < sizes.Count; i++)
        {
            if (!Canvass.Audit.Workflow.FullHandTally.IsChosen(state, sizes[i]))
            {
                if (Canvass.Audit.Workflow.AuditMath.IsTied(state.Audit!.Contests.First(c => c.Contest == sizes[i].Contest)))
                {
                    problems.Add(new Problem(ProblemCodes.BadValue,
                        $"Contest {sizes[i].Contest} is tied in the reported count: a sample cannot confirm an outcome the count does not have, and only a full hand tally settles it. Use --option all-ballots.",
                        Path: sizes[i].Option == "custom" ? "--size" : "--option"));
                }

                continue;
            }

            if (Canvass.Audit.Workflow.FullHandTally.Refusal(state, sizes[i].Contest) is { } why)
            {
                problems.Add(new Problem(ProblemCodes.BadValue, why, Path: sizes[i].Option == "custom" ? "--size" : "--option"));
                continue;
            }

            sizes[i] = Canvass.Audit.Workflow.FullHandTally.Size(state, state.Audit!.Contests.First(c => c.Contest == sizes[i].Contest));
        }
    }

    private static void PrintRound(Output output, Canvass.Audit.Workflow.AuditState state, string heading, IReadOnlyList<SampleSize> sizes, string? proven)
    {
        var c = CultureInfo.InvariantCulture;
        output.Line(heading);
        foreach (var s in sizes)
        {
            output.Line(s.Option == SampleSize.FullHandTally
                ? $"  {s.Contest}: full hand tally of all {s.Size.ToString("N0", c)} {(state.Audit!.AuditType == AuditTypes.BatchComparison ? "batches" : "ballots")} of its frame, each once"
                : $"  {s.Contest}: {s.Size.ToString("N0", c)} draws ({s.Option})");
        }

        if (proven is not null)
        {
            output.Line(proven);
        }

        output.Line("Next: canvass audit retrieval-list --out DIR");
    }
}

/// <summary>The <c>--json</c> of <c>canvass audit sample</c> in a batch-comparison audit.</summary>
internal sealed record AuditBatchSampleReport(int Round, IReadOnlyList<SampleSize> Sizes, int Batches, int Draws, IReadOnlyList<SampledBatch> SampledBatches);

/// <summary>The <c>--json</c> of <c>canvass audit sample</c> for a full hand tally entered per batch: the frame the boards
/// tally.</summary>
internal sealed record AuditHandTallySampleReport(int Round, IReadOnlyList<SampleSize> Sizes, string Contest, long Batches, long Ballots, IReadOnlyList<FrameManifest> Manifests);

/// <summary>The <c>--json</c> of <c>canvass audit sample</c>.</summary>
internal sealed record AuditSampleReport(int Round, IReadOnlyList<SampleSize> Sizes, int Ballots, int Draws, int CvrsProven, IReadOnlyList<SampledBallot> SampledBallots);
