using System.CommandLine;
using System.Globalization;
using Canvass.Audit.Workflow;
using Canvass.Cli.Audit;
using Canvass.Cli.Common;
using Canvass.Domain.Audits;
using Canvass.Domain.Elections;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass audit status</c>: where the audit is.</summary>
internal static class AuditStatusCommand
{
    public static Command Create() =>
        AuditCommand.Verb("status", "Show the audit: contests, seed, rounds, measured risk and what to do next.", writes: false, [],
            (parse, output, session, state, ct) => Task.FromResult(Print(output, state, session.Definition!)));

    public static AuditStatusReport Report(AuditState state)
    {
        var audit = state.Audit;
        return new AuditStatusReport(
            state.Status,
            audit?.AuditId,
            audit?.AuditType,
            audit?.RiskLimit,
            state.Seed,
            [.. state.Manifests.Values.Distinct().Select(m => new ManifestSummary(m.ImportId, m.FileName, m.Sha256, m.MerkleRoot, m.Counties.Length, m.BallotCount))],
            audit is null ? [] : [.. audit.Contests.Select(c => new AuditContestSummary(c.Contest, c.Targeted, c.Ballots,
                RankedChoiceAudit.DilutedMargin(state, c.Contest) ?? AuditMath.ToArloContest(c).DilutedMargin, c.Counties.Length, c.Choices))],
            [.. state.Rounds.Select(r => new AuditRoundSummary(r.Number, r.Sample.Sizes, r.Sample.Ballots.Length + r.Batches.Length,
                r.Sample.Ballots.Sum(b => b.Draws.Length) + r.Batches.Sum(b => b.Draws.Length), r.Interpretations.Count + r.BatchTallies.Count, r.Closed?.Decision, r.Closed?.Contests)
            {
                HandTally = r.HandTallyFrame is { } frame
                    ? new HandTallyRoundSummary(frame.Contest, frame.Ballots, frame.Batches, frame.Batches - FullHandTally.MissingBatches(state, r).LongCount())
                    : null,
                AccountingDiscrepancies = r.Closed?.AccountingDiscrepancies is { Length: > 0 } logged
                    ? new AccountingSummary(logged.Length, BallotAccounting.Standing(r))
                    : null,
            })],
            Next(state))
        {
            Strata = state.Audit?.AuditType == AuditTypes.Hybrid ? HybridAudit.Summaries(state) : null,
            RankedChoice = RankedChoiceAudit.Summaries(state),
        };
    }

    public static int Print(Output output, AuditState state, ElectionDefinition definition)
    {
        var report = Report(state);
        if (output.Json)
        {
            output.WriteJson(report, CliJsonContext.Default.AuditStatusReport);
            return ExitCodes.Ok;
        }

        var c = CultureInfo.InvariantCulture;
        output.Line($"Audit: {report.AuditId ?? "(none)"}  status: {report.Status}");
        if (report.AuditType is not null)
        {
            output.Line($"  type {report.AuditType}, risk limit {report.RiskLimit}%, seed {report.Seed ?? "(not set)"}");
        }

        foreach (var contest in report.Contests)
        {
            var name = definition.Contests.FirstOrDefault(x => x.Id.Value == contest.Contest)?.Name ?? contest.Contest;
            output.Line($"  {contest.Contest} ({name}): {(contest.Targeted ? "targeted" : "opportunistic")}, {Quantity.Of(contest.Ballots, "ballot")} in {Quantity.Of(contest.Counties, "county", "counties")}, diluted margin {contest.DilutedMargin.ToString("0.0000", c)}");
        }

        HybridAudit.Print(output, report.Strata ?? []);
        foreach (var r in report.Rounds)
        {
            output.Line(r.HandTally is { } tally
                ? $"  round {r.Round}: full hand tally of {tally.Contest}, {Quantity.Of(tally.Ballots, "ballot")} in {Quantity.Of(tally.Batches, "batch", "batches")}, {Quantity.Of(tally.Tallied, "batch", "batches")} tallied{(r.Decision is null ? ", open" : ", closed: " + r.Decision)}"
                : $"  round {r.Round}: {Quantity.Of(r.Ballots, "ballot")} ({Quantity.Of(r.Draws, "draw")}), {r.Recorded.ToString("N0", c)} recorded{(r.Decision is null ? ", open" : ", closed: " + r.Decision)}");
            foreach (var o in r.Outcomes ?? [])
            {
                output.Line(o.HandCount is { } hand
                    ? $"    {o.Contest}: full hand count {hand.Outcome}: " + string.Join(", ", o.SampleVotes.Select(v => $"{v.Selection} {v.Votes.ToString("N0", c)}"))
                    : $"    {o.Contest}: risk {double.Parse(o.PValue, c).ToString("0.0000", c)} {(o.RiskLimitMet ? "(met)" : "(not met)")}");
            }

            if (r.AccountingDiscrepancies is { } accounting)
            {
                output.Line($"    ballot accounting: {Quantity.Of(accounting.Discrepancies, "discrepancy", "discrepancies")}, {accounting.Standing.Count.ToString("N0", c)} unexplained");
                foreach (var d in accounting.Standing)
                {
                    output.Line("      " + BallotAccounting.Describe(state, d));
                }
            }
        }

        RankedChoiceAudit.Print(output, report.RankedChoice);
        output.Line("Next: " + report.Next);
        return ExitCodes.Ok;
    }

    private static string Next(AuditState state) => state.Rounds.Any(r => !BallotAccounting.Standing(r).IsEmpty)
        ? "the full hand tally's paper does not fit its manifest: explain each batch with 'canvass audit explain' (the audit cannot pass until then); 'canvass audit report --out DIR'"
        : state.Status switch
    {
        "not-created" => "commit CVRs and manifests, then 'canvass audit create'",
        "created" => "roll the seed in public, then 'canvass audit seed --seed DIGITS'",
        "seeded" or RoundDecisions.NextRound => "'canvass audit options', then 'canvass audit sample'",
        RoundDecisions.Complete => "the audit is complete; 'canvass audit report --out DIR'",
        RoundDecisions.FullHandCount => "count the contest fully by hand; 'canvass audit report --out DIR'",
        RoundDecisions.FullHandCountComplete => "the full hand count is the result (see each contest's hand count); 'canvass audit report --out DIR'",
        _ when state.OpenRound is { } open && AllEntered(state, open) => "every ballot or batch of the round is entered: 'canvass audit close-round'",
        _ => "'canvass audit retrieval-list', 'canvass audit record', then 'canvass audit close-round'",
    };

    /// <summary>True when the open round has an entry for everything <c>close-round</c> asks for: each sampled ballot, each
    /// drawn batch, each batch of a full hand tally's frame.</summary>
    private static bool AllEntered(AuditState state, AuditRound round) =>
        !round.Missing.Any() && !FullHandTally.MissingBatches(state, round).Any()
        && (state.Audit!.AuditType != AuditTypes.BatchComparison || !BatchAuditMath.Missing(state, round).Any());
}

/// <summary>The <c>--json</c> of <c>canvass audit status</c>.</summary>
internal sealed record AuditStatusReport(
    string Status,
    string? AuditId,
    string? AuditType,
    int? RiskLimit,
    string? Seed,
    IReadOnlyList<ManifestSummary> Manifests,
    IReadOnlyList<AuditContestSummary> Contests,
    IReadOnlyList<AuditRoundSummary> Rounds,
    string Next)
{
    /// <summary>A hybrid audit's strata (null for the other audit types).</summary>
    public IReadOnlyList<HybridStratumSummary>? Strata { get; init; }

    /// <summary>The RAIRE assertions of the ranked-choice contests, with their latest risk (empty when there are none).</summary>
    public IReadOnlyList<RankedChoiceContestSummary> RankedChoice { get; init; } = [];
}

/// <summary>A committed manifest.</summary>
internal sealed record ManifestSummary(string ImportId, string FileName, string Sha256, string MerkleRoot, int Counties, long Ballots);

/// <summary>An audited contest.</summary>
internal sealed record AuditContestSummary(string Contest, bool Targeted, long Ballots, double DilutedMargin, int Counties, IReadOnlyList<ReportedChoice> Choices);

/// <summary>A round.</summary>
internal sealed record AuditRoundSummary(int Round, IReadOnlyList<SampleSize> Sizes, int Ballots, int Draws, int Recorded, string? Decision, IReadOnlyList<ContestRoundOutcome>? Outcomes)
{
    /// <summary>A full hand tally entered per batch: its frame and the batches tallied so far (null otherwise; the round then
    /// lists no ballots, and <see cref="Recorded"/> counts its tallies per batch and contest).</summary>
    public HandTallyRoundSummary? HandTally { get; init; }

    /// <summary>A closed full hand tally's ballot-accounting discrepancies (null when it logged none).</summary>
    public AccountingSummary? AccountingDiscrepancies { get; init; }
}

/// <summary>The ballot-accounting discrepancies a closed round logged, and those no explanation answers yet.</summary>
internal sealed record AccountingSummary(int Discrepancies, IReadOnlyList<BallotAccountingDiscrepancy> Standing);

/// <summary>A full hand tally round entered per batch.</summary>
internal sealed record HandTallyRoundSummary(string Contest, long Ballots, long Batches, long Tallied);
