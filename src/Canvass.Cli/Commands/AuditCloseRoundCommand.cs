using System.CommandLine;
using System.Globalization;
using Canvass.Audit.Workflow;
using Canvass.Cli.Audit;
using Canvass.Cli.Common;
using Canvass.Domain;
using Canvass.Domain.Audits;
using Canvass.Domain.Events;
using Canvass.Domain.Facts;
using Canvass.Storage;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass audit close-round</c>: measures every contest and decides stop, next round or full hand count.</summary>
internal static class AuditCloseRoundCommand
{
    public static Command Create()
    {
        var allowUncounted = new Option<bool>("--allow-uncounted")
        {
            Description = "Close a full hand tally entered per batch although some batches of its frame have no tally sheet: their ballots are uncounted (they could hold votes for anyone), which can leave the hand count undecided.",
        };
        return AuditCommand.Verb("close-round", "Close the open round: discrepancies and measured risk per contest, then stop, next round or full hand count. A full hand tally exits 1 unless it confirms the reported outcome and every batch's paper fits its manifest ballots (explain each batch that does not with 'canvass audit explain').", writes: true, [allowUncounted],
            async (parse, output, session, state, ct) =>
            {
                if (AuditStore.RequireAudit(state) is { } none)
                {
                    return output.Problem(none);
                }

                if (state.OpenRound is not { } round)
                {
                    return output.Problem(AuditStore.NoOpenRound(state));
                }

                if (state.Audit!.AuditType == AuditTypes.BatchComparison && BatchAuditMath.Missing(state, round).ToList() is { Count: > 0 } batches)
                {
                    return output.Problems($"{batches.Count} sampled batches have no tally yet; record them before closing the round.",
                        [.. batches.Take(50).Select(b => new Problem(ProblemCodes.Inconsistent, $"Batch {b.Batch} of {b.Jurisdiction} has not been recorded.", Path: b.County))]);
                }

                if (FullHandTally.MissingBatches(state, round).ToList() is { Count: > 0 } untallied && !parse.GetValue(allowUncounted))
                {
                    return output.Problems(
                        $"{Quantity.Of(untallied.Count, "batch", "batches")} of the full hand tally's frame ({untallied.Sum(b => (long)b.Ballots).ToString("N0", CultureInfo.InvariantCulture)} ballots) have no tally sheet yet; record them, or close with --allow-uncounted to count their ballots as uncounted.",
                        [.. untallied.Take(50).Select(b => new Problem(ProblemCodes.Inconsistent, $"Batch {b.Batch}{(b.Tabulator is null ? "" : $" (tabulator {b.Tabulator})")} of {b.Jurisdiction} has no tally sheet.", Path: b.County))]);
                }

                // Only a sheet an older Canvass took can stand so: 'audit record' refuses it now, and verify fails a round closed on it.
                if (TallySheetArithmetic.Impossible(state.Audit!, round) is { Length: > 0 } impossible)
                {
                    return output.Problems(
                        $"The round holds tally sheets that do not add up ({Quantity.Of(impossible.Length, "problem")}: more votes than the ballots the sheet counts can hold); enter each batch's sheet again, corrected, with 'canvass audit record' before closing the round.",
                        [.. impossible.Take(50).Select(i => new Problem(ProblemCodes.BadCount, TallySheetArithmetic.Describe(state.Audit!, i, BallotAccounting.JurisdictionOf(state, i.Tally.County)), Path: i.Tally.County))]);
                }

                var missing = round.Missing.ToList();
                if (missing.Count > 0)
                {
                    return output.Problems($"{missing.Count} sampled ballots have no interpretation yet; record them (or mark them not found) before closing the round.",
                        [.. missing.Take(50).Select(b => new Problem(ProblemCodes.Inconsistent, $"Ballot {AuditRound.Key(b)} has not been recorded.", Path: b.County))]);
                }

                var marks = await AuditMeasurement.CvrMarksAsync(session, state.Rounds, ct);
                var closed = Close(state, round, marks, session.Index);
                var assertions = RankedChoiceAudit.Measured(state, round, marks, session.Index);
                // While a ballot-accounting discrepancy stands the hand count is the count, but its result is not recorded.
                var results = closed.AccountingDiscrepancies is { Length: > 0 } ? [] : Results(state, closed, TimeProvider.System.GetUtcNow());
                await session.Store.AppendAsync(Streams.Election, session.State.Version, [closed, .. assertions, .. results], null, ct);
                if (output.Json)
                {
                    output.WriteJson(closed, CliJsonContext.Default.AuditRoundClosed);
                }
                else
                {
                    var c = CultureInfo.InvariantCulture;
                    output.Line($"Round {closed.Round.ToString(c)} closed: {closed.Decision}");
                    foreach (var o in closed.Contests.Where(o => o.HandCount is not null))
                    {
                        PrintHandCount(output, o, Unit(state.Audit!));
                    }

                    foreach (var o in closed.Contests.Where(o => o.HandCount is null))
                    {
                        output.Line($"  {o.Contest,-24} {(o.Targeted ? "targeted" : "opportunistic"),-13} draws {o.Draws.ToString(c),7}  risk {double.Parse(o.PValue, c).ToString("0.0000", c)}  {(o.RiskLimitMet ? "risk limit met" : "not met")}"
                            + (state.Audit!.AuditType is AuditTypes.BallotComparison or AuditTypes.Hybrid ? $"  o1 {o.Overstatements1} o2 {o.Overstatements2} u1 {o.Understatements1} u2 {o.Understatements2}" : ""));
                    }

                    RankedChoiceAudit.Print(output, RankedChoiceAudit.Summaries(assertions.Aggregate(state, Canvass.Audit.Workflow.AuditState.Apply)));
                    PrintAccounting(output, state, closed.AccountingDiscrepancies ?? []);
                }

                // A full hand count that does not confirm the reported outcome, or whose paper does not fit the manifest, is a
                // failure to act on, like an escalation.
                return closed.Decision == RoundDecisions.FullHandCount || closed.AccountingDiscrepancies is { Length: > 0 } || !HandCountsConfirm(closed)
                    ? ExitCodes.Failed
                    : ExitCodes.Ok;
            });
    }

    /// <summary>Whether every targeted contest the round counted fully by hand confirmed its reported outcome.</summary>
    public static bool HandCountsConfirm(AuditRoundClosed closed) =>
        !closed.Contests.Any(o => o.Targeted && o.HandCount is { Outcome: not HandCountOutcomes.Confirmed });

    /// <summary>Prints the ballot-accounting discrepancies that stand, and how they are resolved.</summary>
    public static void PrintAccounting(Output output, Canvass.Audit.Workflow.AuditState state, IReadOnlyList<BallotAccountingDiscrepancy> standing)
    {
        if (standing.Count == 0)
        {
            return;
        }

        var batches = standing.Select(d => (d.County, d.Tabulator, d.Batch)).Distinct().Count();
        output.Line($"  Ballot accounting: {Quantity.Of(batches, "batch does", "batches do")} not fit the ballots the committed manifest gives {(batches == 1 ? "it" : "them")}. The hand count above counts the paper as entered, but the audit cannot pass until the officials explain each batch with 'canvass audit explain':");
        foreach (var d in standing)
        {
            output.Line("    " + BallotAccounting.Describe(state, d));
        }
    }

    /// <summary>What a full hand tally counts: ballots, or batches in a batch-comparison audit.</summary>
    public static string Unit(AuditCreated audit) => audit.AuditType == AuditTypes.BatchComparison ? "batches" : "ballots";

    /// <summary>Prints a contest's full hand count: its conclusion, then the votes.</summary>
    public static void PrintHandCount(Output output, ContestRoundOutcome outcome, string unit)
    {
        var c = CultureInfo.InvariantCulture;
        output.Line($"  {outcome.Contest}: {outcome.HandCount!.Outcome.ToUpperInvariant()}. {FullHandTally.Describe(outcome.HandCount, unit)}");
        output.Line("    hand count: " + string.Join(", ", outcome.SampleVotes.Select(v => $"{v.Selection} {v.Votes.ToString("N0", c)}")));
    }

    /// <summary>When the audit ends, its result per targeted contest as the fact finality policies read
    /// (<c>audit_passed</c>): passed when the risk limit was met, escalated when a full hand count is needed; after a full
    /// hand tally (kind <c>hand-count</c>), passed when it confirmed the reported outcome and failed otherwise.</summary>
    public static IEnumerable<IEvent> Results(AuditState state, AuditRoundClosed closed, DateTimeOffset at)
    {
        if (closed.Decision == RoundDecisions.NextRound)
        {
            yield break;
        }

        var audit = state.Audit!;
        foreach (var o in closed.Contests.Where(o => o.Targeted))
        {
            var c = CultureInfo.InvariantCulture;
            if (o.HandCount is { } hand)
            {
                // The hand count is the result: it passes only when it confirms the reported outcome.
                yield return new AuditResultRecorded(o.Contest, "hand-count", hand.Outcome == HandCountOutcomes.Confirmed ? "passed" : "failed",
                    FullHandTally.Describe(hand, Unit(audit)), AuditStore.OwnResultSource(audit.AuditId), at, null);
                continue;
            }

            yield return new AuditResultRecorded(
                o.Contest,
                "risk-limiting",
                o.RiskLimitMet ? "passed" : "escalated",
                o.RiskLimitMet
                    ? $"{audit.AuditType} audit met the {audit.RiskLimit.ToString(c)}% risk limit after {Quantity.Of(closed.Round, "round")} and {Quantity.Of(o.Draws, "draw")} (measured risk {o.PValue})."
                    : $"{audit.AuditType} audit did not meet the {audit.RiskLimit.ToString(c)}% risk limit after {Quantity.Of(o.Draws, "draw")}: a full hand count decides.",
                AuditStore.OwnResultSource(audit.AuditId),
                at,
                null);
        }
    }

    public static AuditRoundClosed Close(AuditState state, AuditRound open, IReadOnlyDictionary<string, System.Collections.Immutable.ImmutableArray<Domain.Ballots.ContestMarks>> marks, Domain.Elections.ElectionIndex index)
    {
        var audit = state.Audit!;
        if (audit.AuditType == AuditTypes.Hybrid)
        {
            return HybridAudit.Close(state, open, marks, index);
        }

        var rounds = state.Rounds.Take(open.Number).ToList();
        var handCounted = FullHandTally.HandCounted(audit, open).Select(c => c.Contest).ToHashSet(StringComparer.Ordinal);
        var outcomes = audit.Contests
            .Select(contest => audit.AuditType == AuditTypes.BatchComparison ? BatchAuditMath.Measure(state, contest, rounds)
                : RankedChoiceAudit.IsRanked(state, contest.Contest) ? RankedChoiceAudit.Measure(state, contest, open.Number, RankedChoiceAudit.Draws(contest, rounds, marks, index)).Outcome
                : handCounted.Contains(contest.Contest) ? FullHandTally.Measure(state, contest, open)
                : AuditMath.Measure(audit.AuditType, audit.RiskLimit, contest, AuditMeasurement.For(contest, rounds, marks, index)))
            .ToList();
        // A full hand tally always logs its accounting, empty when every batch fits: a closing without it is older than it.
        return new AuditRoundClosed(audit.AuditId, open.Number, [.. outcomes], Decide(state, rounds, outcomes))
        {
            AccountingDiscrepancies = handCounted.Count > 0 ? BallotAccounting.Of(state, open) : null,
        };
    }

    /// <summary>The decision of a round (not hybrid) that measured <paramref name="outcomes"/> over
    /// <paramref name="rounds"/>: a full hand tally's conclusion; complete when every targeted contest met the risk limit;
    /// else a full hand count once a contest that did not has been drawn as often as it has ballots (batches), or the next
    /// round.</summary>
    private static string Decide(AuditState state, IReadOnlyList<AuditRound> rounds, IReadOnlyList<ContestRoundOutcome> outcomes)
    {
        var audit = state.Audit!;
        var unmet = outcomes.Where(o => o.Targeted && !o.RiskLimitMet).ToList();
        return outcomes.Any(o => o.Targeted && o.HandCount is not null) ? RoundDecisions.FullHandCountComplete
            : unmet.Count == 0 ? RoundDecisions.Complete
            : audit.AuditType == AuditTypes.BatchComparison
                ? (unmet.Any(o => rounds.SelectMany(r => r.Batches).Select(b => (b.County, b.Batch)).Distinct().Count() >= state.ReportedBatches.Count(b => b.Contest == o.Contest))
                    ? RoundDecisions.FullHandCount : RoundDecisions.NextRound)
            : unmet.Any(o => o.Draws >= audit.Contests.First(c => c.Contest == o.Contest).Ballots) ? RoundDecisions.FullHandCount
            : RoundDecisions.NextRound;
    }
}
