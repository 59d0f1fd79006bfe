using System.Globalization;
using System.Text.Json;
using Canvass.Audit.Workflow;
using Canvass.Cli.Audit;
using Canvass.Domain.Audits;
using Canvass.Domain.Events;
using Canvass.Domain.Facts;
using Canvass.Storage.Serialization;

namespace Canvass.Cli.Verification;

/// <summary>What <c>canvass verify</c> checks of the audit boards' entries and of a full hand tally's conclusion, each
/// against the audit as the log stood before the event: every entry is of the open round and names a ballot of its
/// sample (or, in a full hand tally entered ballot by ballot, a ballot found past its batch's manifest ballots) or a batch
/// of its frame; no round closes on a tally sheet whose votes its own ballots cannot hold; a full hand tally entered per batch closes with the hand count its tally sheets give; every full hand
/// tally closes with the ballot-accounting discrepancies its entries give; an explanation answers a discrepancy that
/// stands; and the audit's own hand-count result is recorded only once none stands, as the hand count says.</summary>
internal static class AuditEntryCheck
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Why the event is not what the audit allows at that point, or null.</summary>
    public static string? Check(AuditState state, IEvent e) => e switch
    {
        BallotsInterpreted i => Entries(state, i),
        BatchTalliesRecorded t => Tallies(state, t),
        AuditRoundClosed r => Closing(state, r),
        BallotAccountingExplained x => Explanation(state, x),
        AuditResultRecorded a => Result(state, a),
        _ => null,
    };

    private static string? Entries(AuditState state, BallotsInterpreted entered)
    {
        if (Open(state, entered.Round, "ballots were entered") is { } closed)
        {
            return closed;
        }

        var round = state.OpenRound!;
        foreach (var b in entered.Ballots)
        {
            var key = new BallotKey(b.County, b.Tabulator, b.Batch, b.Position);
            var beyond = FullHandTally.BeyondManifest(state, round, key);
            if (b.County != entered.County || !round.Ballots.ContainsKey(key) && (beyond is null || b.NotFound))
            {
                return $"round {entered.Round.ToString(C)}'s entry by {entered.County}'s board names ballot {key}, which is not {(b.County != entered.County ? "that county's" : "in the round's sample" + (beyond is null ? "" : " (a ballot past its batch's manifest ballots can be entered only as found)"))}";
            }
        }

        return null;
    }

    private static string? Tallies(AuditState state, BatchTalliesRecorded recorded)
    {
        if (Open(state, recorded.Round, "batch tallies were entered") is { } closed)
        {
            return closed;
        }

        var round = state.OpenRound!;
        var frame = state.Audit!.AuditType == AuditTypes.BatchComparison ? BatchAudit.SheetFrame(state, round)
            : round.HandTallyFrame is { } fixedFrame ? BatchAudit.SheetFrame(state, round, fixedFrame, recorded.County)
            : null;
        if (frame is null)
        {
            return $"round {recorded.Round.ToString(C)} takes no batch tallies (it is neither a batch comparison nor a full hand tally entered per batch), but {recorded.County}'s board entered some";
        }

        var batches = frame.Batches.Where(b => b.County == recorded.County).ToLookup(b => b.Batch, StringComparer.Ordinal);
        foreach (var t in recorded.Tallies)
        {
            var batch = batches[t.Batch].FirstOrDefault(b => b.County == t.County && (!frame.KeyedByTabulator || b.Tabulator == t.Tabulator));
            if (t.County != recorded.County || batch is null || batch.Contests.All(c => c.Contest != t.Contest))
            {
                return $"round {recorded.Round.ToString(C)}'s tally of {t.Contest} in batch {t.Batch}{(t.Tabulator is null ? "" : $" (tabulator {t.Tabulator})")} of {t.County}, entered by {recorded.County}'s board, names no batch of {frame.Scope} that holds the contest";
            }
        }

        return null;
    }

    /// <summary>The first standing tally whose votes its batch's manifest ballots cannot hold, described, as
    /// <c>canvass audit record</c> holds a batch-comparison sheet against the same frame of batches.</summary>
    private static string? BeyondManifest(AuditState state, AuditRound round)
    {
        var audit = state.Audit!;
        var batches = BatchAudit.SheetFrame(state, round).Batches.ToDictionary(b => (b.County, b.Batch));
        foreach (var t in round.BatchTallies.Values.OrderBy(t => t.County, StringComparer.Ordinal).ThenBy(t => t.Batch, StringComparer.Ordinal).ThenBy(t => t.Contest, StringComparer.Ordinal))
        {
            if (audit.Contests.FirstOrDefault(c => c.Contest == t.Contest) is { } contest && batches.TryGetValue((t.County, t.Batch), out var batch)
                && BallotAccounting.Votes(contest, t.County, t.Tabulator, t.Batch, batch.Ballots, t.Votes).FirstOrDefault() is { } d)
            {
                return BatchAudit.BeyondManifest(d, $"{t.Batch} of {batch.Jurisdiction}", contest.VotesAllowed);
            }
        }

        return null;
    }

    private static string? Closing(AuditState state, AuditRoundClosed closed)
    {
        if (Open(state, closed.Round, "it was closed") is { } notOpen)
        {
            return notOpen;
        }

        var round = state.OpenRound!;

        // 'canvass audit record' refuses such a sheet; a round closed on one (an older Canvass took it) rests on a count
        // that cannot be, while one replaced by a corrected sheet before closing does no harm.
        if (TallySheetArithmetic.Impossible(state.Audit!, round).FirstOrDefault() is { } unsound)
        {
            return $"round {closed.Round.ToString(C)} closes on a tally sheet that does not add up, which 'canvass audit record' refuses: {TallySheetArithmetic.Describe(state.Audit!, unsound, unsound.Tally.County)}";
        }

        // A batch comparison's sheet is held against the manifest, too: MACRO's error bound assumes no batch holds more
        // votes than its ballots, and 'canvass audit record' refuses a tally past them.
        if (state.Audit!.AuditType == AuditTypes.BatchComparison && BeyondManifest(state, round) is { } beyond)
        {
            return $"round {closed.Round.ToString(C)} closes on a batch tally its batch's manifest ballots cannot hold, which 'canvass audit record' refuses: {beyond}";
        }

        var counted = FullHandTally.HandCounted(state.Audit!, round);
        if (counted.Count == 0)
        {
            return closed.AccountingDiscrepancies is { Length: > 0 }
                ? $"round {closed.Round.ToString(C)} logs ballot-accounting discrepancies, but it is not a full hand tally"
                : null;
        }

        // Entered per batch, the tally sheets give the hand count, as close-round has counted it since such rounds exist.
        // A round entered ballot by ballot is what logs older than per-batch entry hold: only its accounting is re-derived,
        // so that they verify as they did.
        if (round.HandTallyFrame is not null)
        {
            foreach (var contest in counted)
            {
                var expected = FullHandTally.Measure(state, contest, round);
                var logged = closed.Contests.FirstOrDefault(o => o.Contest == contest.Contest);
                if (logged is null || Json(expected) != Json(logged))
                {
                    return $"round {closed.Round.ToString(C)}'s hand count of {contest.Contest} is not what its tally sheets give: {Votes(expected)} ({expected.HandCount!.Outcome}) re-derived, "
                        + (logged is null ? "none logged" : $"{Votes(logged)} ({logged.HandCount?.Outcome ?? "no hand count"}) logged");
                }
            }
        }

        var discrepancies = BallotAccounting.Of(state, round);
        if (closed.AccountingDiscrepancies is not { } loggedDiscrepancies)
        {
            // Closed before Canvass kept the account: its sheets could differ from the manifest only in their ballots
            // counted, as votes beyond the manifest were refused and a ballot past its batch could not be entered.
            var impossible = discrepancies.Count(d => d.Kind != BallotAccountingKinds.Ballots || round.HandTallyFrame is null);
            return impossible > 0
                ? $"round {closed.Round.ToString(C)} closes a full hand tally without its ballot accounting, as one closed before Canvass kept it, but its entries hold {impossible.ToString(C)} discrepancies (votes beyond a batch's manifest ballots, or ballots past its count) that no such log could"
                : null;
        }

        if (!discrepancies.Select(Json).SequenceEqual(loggedDiscrepancies.Select(Json)))
        {
            return $"round {closed.Round.ToString(C)}'s ballot-accounting discrepancies are not what its entries give: {discrepancies.Length.ToString(C)} re-derived, {loggedDiscrepancies.Length.ToString(C)} logged";
        }

        return null;
    }

    private static string? Explanation(AuditState state, BallotAccountingExplained explained)
    {
        var round = state.Audit?.AuditId == explained.AuditId && explained.Round >= 1 && explained.Round <= state.Rounds.Length ? state.Rounds[explained.Round - 1] : null;
        return round is not null && BallotAccounting.Standing(round).Any(d => BallotAccounting.Explains(explained, d))
            ? null
            : $"the explanation of batch {explained.Batch}{(explained.Tabulator is null ? "" : $" (tabulator {explained.Tabulator})")} of {explained.County} in round {explained.Round.ToString(C)} answers no ballot-accounting discrepancy that stood";
    }

    private static string? Result(AuditState state, AuditResultRecorded result)
    {
        if (state.Audit is { } sampled && result.Kind == "risk-limiting" && result.Source == AuditStore.OwnResultSource(sampled.AuditId))
        {
            return RiskLimitingResult(state, result);
        }

        // Only the audit's own result of its full hand tally: results recorded by hand ('canvass record audit') are facts
        // reported by others.
        if (state.Audit is not { } audit || result.Kind != "hand-count" || result.Source != AuditStore.OwnResultSource(audit.AuditId)
            || state.Rounds.LastOrDefault(r => r.Closed?.Contests.Any(o => o.HandCount is not null) == true) is not { } round)
        {
            return null;
        }

        var standing = BallotAccounting.Standing(round);
        if (!standing.IsEmpty)
        {
            return $"the audit result of {result.Contest} was recorded ({result.Outcome}) while {standing.Length.ToString(C)} ballot-accounting discrepancies of round {round.Number.ToString(C)} stood unexplained";
        }

        var hand = round.Closed!.Contests.FirstOrDefault(o => o.Contest == result.Contest)?.HandCount;
        var expected = hand?.Outcome == HandCountOutcomes.Confirmed ? "passed" : "failed";
        return hand is not null && result.Outcome != expected
            ? $"the audit result of {result.Contest} was recorded {result.Outcome}, but round {round.Number.ToString(C)}'s hand count is {hand.Outcome}"
            : null;
    }

    /// <summary>The audit's own risk-limiting result (the fact the <c>audit-confirmed</c> finality policy reads) must be the
    /// one close-round records when a round ends the audit: passed when that round's measurement of the contest met the
    /// risk limit, escalated when it did not; never while the audit goes on to another round.</summary>
    private static string? RiskLimitingResult(AuditState state, AuditResultRecorded result)
    {
        var round = state.Rounds.LastOrDefault(r => r.Closed is not null);
        var measured = round?.Closed!.Contests.FirstOrDefault(o => o.Contest == result.Contest && o.Targeted && o.HandCount is null);
        if (round is null || measured is null || round.Closed!.Decision == RoundDecisions.NextRound)
        {
            return $"the audit's risk-limiting result of {result.Contest} ({result.Outcome}) was recorded when no round of the audit had ended it by measuring that contest's risk";
        }

        var expected = measured.RiskLimitMet ? "passed" : "escalated";
        return result.Outcome == expected
            ? null
            : $"the audit's risk-limiting result of {result.Contest} was recorded {result.Outcome}, but round {round.Number.ToString(C)} measured risk {measured.PValue}, which {(measured.RiskLimitMet ? "meets" : "does not meet")} the risk limit: {expected}";
    }

    private static string? Open(AuditState state, int round, string what) =>
        state.Audit is not null && state.OpenRound?.Number == round ? null : $"round {round.ToString(C)} was not open when {what}";

    private static string Votes(ContestRoundOutcome outcome) => string.Join(", ", outcome.SampleVotes.Select(v => $"{v.Selection} {v.Votes.ToString(C)}"));

    private static string Json(ContestRoundOutcome outcome) => JsonSerializer.Serialize(outcome, CanvassJsonContext.Default.ContestRoundOutcome);

    private static string Json(BallotAccountingDiscrepancy discrepancy) => JsonSerializer.Serialize(discrepancy, CanvassJsonContext.Default.BallotAccountingDiscrepancy);
}
