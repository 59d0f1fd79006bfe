using System.Globalization;
using System.Text.Json;
using Canvass.Audit.Workflow;
using Canvass.Cli.Audit;
using Canvass.Cli.Commands;
using Canvass.Domain.Audits;
using Canvass.Domain.Events;
using Canvass.Storage.Serialization;

namespace Canvass.Cli.Verification;

/// <summary>What <c>canvass verify</c> checks of a round's closing: every contest's measurement (draws, votes seen,
/// discrepancies, measured risk, whether the risk limit was met, a full hand tally's count) and the round's decision are
/// measured again by <see cref="AuditCloseRoundCommand.Close"/>, the code close-round closes with, from the audit as the
/// log stood before the closing and the committed CVRs of its sampled ballots, and must be what was logged; so must the
/// per-assertion risks a ranked-choice contest's closing logs.</summary>
internal static class RoundMeasurementCheck
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    // SUITE's risk (hybrid audits) goes through Math.Log and Math.Exp, which .NET takes from the platform's C library:
    // the same bits every time on one platform, but possibly a last bit apart between two (glibc, the Windows CRT, Apple's
    // libm), so a log closed on one and verified on another is compared within this relative tolerance. Every other
    // measurement uses only arithmetic that gives the same bits everywhere (Arlo's 28-digit decimal, BRAVO's wide
    // mantissa, ALPHA's IEEE 754 products, quotients and square roots) and is compared exactly.
    private const double PlatformMathTolerance = 1e-9;

    /// <summary>Why the closing is not what close-round measures from the log before it, or null; and, when the round
    /// cannot be measured again from what the log holds, why not (then nothing was compared).</summary>
    /// <param name="state">The audit as the log stood before the closing, with the closed round open.</param>
    /// <param name="closed">The closing.</param>
    /// <param name="inputs">The election and the sampled ballots' CVR marks, or null when the log defines no election.</param>
    public static (string? Failure, string? NotMeasured) Check(AuditState state, AuditRoundClosed closed, ClosingInputs? inputs)
    {
        if (inputs is null)
        {
            return (null, "the log defines no election");
        }

        var audit = state.Audit!;
        var round = state.OpenRound!;
        if (round.HandTallyFrame is null && closed.AccountingDiscrepancies is null && FullHandTally.HandCounted(audit, round).Count > 0)
        {
            // Older than ballot accounting: such a hand count was measured before it read ballots found past their batch
            // and before a contest the boards left blank counted as uncounted, so only its accounting is re-derived.
            return (null, "a full hand tally entered ballot by ballot and closed before Canvass kept its ballot accounting");
        }

        var expected = AuditCloseRoundCommand.Close(state, round, inputs.CvrMarks, inputs.Index);
        var r = closed.Round.ToString(C);
        foreach (var measured in expected.Contests)
        {
            var logged = closed.Contests.FirstOrDefault(o => o.Contest == measured.Contest);
            if (logged is not null && Same(measured, logged, audit.AuditType == AuditTypes.Hybrid))
            {
                continue;
            }

            // A closing by the rule Canvass dropped on 3 December 2026 is not forged, but its risk was wrong: it is a
            // failure like any other, named for what it is, so that an honest older log is not mistaken for tampering and
            // its result is not mistaken for an audit that stands.
            return logged is not null && ArloFullCount(state, round, measured.Contest, inputs) is { } arlo && Same(arlo, logged, platformMath: false)
                ? ($"round {r}'s measurement of {measured.Contest} ({Describe(logged)}) is what Canvass measured before 3 December 2026, by the rule it then dropped that draws reaching the ballots are a full count (risk 0), though they were drawn with replacement and some ballots were never looked at; the closing was made by that older Canvass, not altered, but its result does not stand: measured today, {Describe(measured)}, decision {expected.Decision}", null)
                : ($"round {r}'s measurement of {measured.Contest} is not what close-round measures from the log: {Describe(measured)} re-derived, {(logged is null ? "none" : Describe(logged))} logged", null);
        }

        if (closed.Contests.FirstOrDefault(o => expected.Contests.All(m => m.Contest != o.Contest)) is { } extra)
        {
            return ($"round {r}'s closing measures {extra.Contest}, which the audit does not audit", null);
        }

        return closed.Decision == expected.Decision
            ? (null, null)
            : ($"round {r} closed with decision {closed.Decision}, but its measurements give {expected.Decision}", null);
    }

    /// <summary>A sampled contest of a polling or comparison round measured as Canvass measured it before 3 December 2026:
    /// by the draws, not the distinct ballots examined, so that draws reaching the ballots gave risk 0; null for a contest
    /// that rule never measured.</summary>
    private static ContestRoundOutcome? ArloFullCount(AuditState state, AuditRound round, string contestId, ClosingInputs inputs)
    {
        var audit = state.Audit!;
        if (audit.AuditType is not (AuditTypes.BallotPolling or AuditTypes.BallotComparison) || RankedChoiceAudit.IsRanked(state, contestId)
            || FullHandTally.HandCounted(audit, round).Any(c => c.Contest == contestId))
        {
            return null;
        }

        var contest = audit.Contests.First(c => c.Contest == contestId);
        var byDraws = AuditMeasurement.For(contest, state.Rounds.Take(round.Number), inputs.CvrMarks, inputs.Index).Select(m => m with { Ballot = null }).ToList();
        return AuditMath.Measure(audit.AuditType, audit.RiskLimit, contest, byDraws);
    }

    /// <summary>Why a logged per-assertion measurement is not the one close-round gives, or null.</summary>
    public static string? CheckAssertions(RaireAssertionsMeasured logged, RaireAssertionsMeasured? expected)
    {
        var json = JsonSerializer.Serialize(logged, CanvassJsonContext.Default.RaireAssertionsMeasured);
        return expected is not null && json == JsonSerializer.Serialize(expected, CanvassJsonContext.Default.RaireAssertionsMeasured)
            ? null
            : $"round {logged.Round.ToString(C)}'s assertion risks of {logged.Contest} are not what close-round measures from the log: "
                + (expected is null ? "no such measurement re-derived" : $"{Risks(expected)} re-derived, {Risks(logged)} logged");
    }

    private static bool Same(ContestRoundOutcome measured, ContestRoundOutcome logged, bool platformMath)
    {
        if (Json(measured) == Json(logged))
        {
            return true;
        }

        return platformMath && Json(measured with { PValue = "" }) == Json(logged with { PValue = "" })
            && double.TryParse(measured.PValue, NumberStyles.Float, C, out var m) && double.TryParse(logged.PValue, NumberStyles.Float, C, out var l)
            && Math.Abs(m - l) <= PlatformMathTolerance * Math.Max(Math.Abs(m), Math.Abs(l));
    }

    private static string Describe(ContestRoundOutcome o) =>
        $"draws {o.Draws.ToString(C)}, votes {string.Join(" ", o.SampleVotes.Select(v => $"{v.Selection} {v.Votes.ToString(C)}"))}, "
        + $"o1 {o.Overstatements1.ToString(C)} o2 {o.Overstatements2.ToString(C)} u1 {o.Understatements1.ToString(C)} u2 {o.Understatements2.ToString(C)}, "
        + $"risk {o.PValue} ({(o.RiskLimitMet ? "met" : "not met")})" + (o.HandCount is { } hand ? $", hand count {hand.Outcome}" : "");

    private static string Risks(RaireAssertionsMeasured m) => string.Join(" ", m.Assertions.Select(a => a.PValue));

    private static string Json(ContestRoundOutcome outcome) => JsonSerializer.Serialize(outcome, CanvassJsonContext.Default.ContestRoundOutcome);
}
