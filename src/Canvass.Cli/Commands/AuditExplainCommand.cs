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

/// <summary><c>canvass audit explain --county C --batch B [--tabulator T] --explanation TEXT</c>: records the officials'
/// explanation of a batch whose full hand tally does not fit its committed manifest ballots; once none stands, the hand
/// count's result is recorded.</summary>
internal static class AuditExplainCommand
{
    public const int MaximumLength = 1000;

    public static Command Create()
    {
        var county = new Option<string>("--county") { Description = "The batch's county (id or name).", Required = true };
        var batch = new Option<string>("--batch") { Description = "The batch name.", Required = true };
        var tabulator = new Option<string?>("--tabulator") { Description = "The batch's tabulator, when its county's manifest names the batch under two tabulators." };
        var explanation = new Option<string>("--explanation")
        {
            Description = $"What the officials found, in their words (up to {MaximumLength} characters; public, so name no voter), e.g. 'A memory card of 10 ballots was found uncounted; the county re-certified with them'.",
            Required = true,
        };
        return AuditCommand.Verb("explain",
            "Record the officials' explanation of a full hand tally batch whose paper does not fit its committed manifest ballots (a ballot-accounting discrepancy 'close-round' listed). Once none stands, the hand count's result is recorded; exits 1 while one stands or when the hand count does not confirm the reported outcome.",
            writes: true, [county, batch, tabulator, explanation],
            async (parse, output, session, state, ct) =>
            {
                if (AuditStore.RequireAudit(state) is { } none)
                {
                    return output.Problem(none);
                }

                if (state.Rounds.LastOrDefault(r => r.Closed?.AccountingDiscrepancies is { Length: > 0 }) is not { } round)
                {
                    return output.Problem(ProblemCodes.Inconsistent, "No closed round has a ballot-accounting discrepancy to explain: 'canvass audit close-round' lists them when a full hand tally's paper does not fit its manifest.");
                }

                var countyText = parse.GetValue(county)!;
                if (InterpretationReader.ResolveCounty(session.Definition!, countyText) is not { } countyId)
                {
                    return output.Problems("Nothing was recorded.", [new Problem(ProblemCodes.UnknownReference, $"'{countyText}' is not a county of the election.", Path: "--county")]);
                }

                var c = CultureInfo.InvariantCulture;
                var name = parse.GetValue(batch)!;
                var tab = parse.GetValue(tabulator);
                var standing = BallotAccounting.Standing(round);
                var matches = standing.Where(d => d.County == countyId && d.Batch == name && (tab is null || d.Tabulator == tab)).ToList();
                if (matches.Count == 0)
                {
                    var explained = round.Explanations.Any(x => x.County == countyId && x.Batch == name && (tab is null || x.Tabulator == tab));
                    var others = standing.Select(d => $"{d.Batch} of {BallotAccounting.JurisdictionOf(state, d.County)}{(d.Tabulator is null ? "" : $" (tabulator {d.Tabulator})")}").Distinct().ToList();
                    var message = explained ? $"Batch {name} of {countyText} is already explained in round {round.Number.ToString(c)}."
                        : $"Batch {name}{(tab is null ? "" : $" (tabulator {tab})")} of {countyText} has no ballot-accounting discrepancy in round {round.Number.ToString(c)}.";
                    return output.Problems("Nothing was recorded.",
                        [new Problem(ProblemCodes.UnknownReference, message + (others.Count == 0 ? " Every discrepancy of the round is explained." : $" Still to explain: {string.Join("; ", others)}."), Path: "--batch")]);
                }

                if (matches.Select(d => d.Tabulator).Distinct().Count() > 1)
                {
                    return output.Problems("Nothing was recorded.",
                        [new Problem(ProblemCodes.UnknownReference, $"Batch {name} of {countyText} is under {matches.Select(d => d.Tabulator).Distinct().Count().ToString(c)} tabulators ({string.Join(", ", matches.Select(d => d.Tabulator).Distinct())}); name its tabulator with --tabulator.", Path: "--tabulator")]);
                }

                var text = parse.GetValue(explanation)!.Trim();
                var wrong = text.Length == 0 ? "it is blank"
                    : text.Length > MaximumLength ? $"it has {text.Length.ToString("N0", c)}"
                    : text.Any(char.IsControl) ? "it holds a line break or another control character"
                    : null;
                if (wrong is not null)
                {
                    return output.Problems("Nothing was recorded.",
                        [new Problem(ProblemCodes.BadValue, $"The explanation must be 1 to {MaximumLength.ToString("N0", c)} printable characters on one line ({wrong}).", Path: "--explanation")]);
                }

                var explanationEvent = new BallotAccountingExplained(state.Audit!.AuditId, round.Number, countyId, matches[0].Tabulator, name, text);
                var after = AuditState.Apply(state, explanationEvent);
                var left = BallotAccounting.Standing(after.Rounds[round.Number - 1]);

                // The last explanation lets the hand count's result be recorded, as close-round would have without a
                // discrepancy, saying that the paper of some batches did not fit the manifest.
                var batches = round.Closed!.AccountingDiscrepancies!.Value.Select(d => (d.County, d.Tabulator, d.Batch)).Distinct().Count();
                var results = left.IsEmpty
                    ? AuditCloseRoundCommand.Results(state, round.Closed!, TimeProvider.System.GetUtcNow()).OfType<AuditResultRecorded>()
                        .Select(r => r with { Summary = $"{r.Summary} The paper of {Quantity.Of(batches, "batch", "batches")} did not fit the manifest; the officials explained each (audit report, BALLOT ACCOUNTING DISCREPANCIES)." })
                        .ToList()
                    : [];
                await session.Store.AppendAsync(Streams.Election, session.State.Version, [explanationEvent, .. results], null, ct);
                var report = new AuditExplainReport(round.Number, countyId, explanationEvent.Tabulator, name, matches.Count, [.. left], [.. results.Select(r => new AuditExplainResult(r.Contest, r.Kind, r.Outcome))]);
                if (output.Json)
                {
                    output.WriteJson(report, CliJsonContext.Default.AuditExplainReport);
                }
                else
                {
                    output.Line($"Recorded the officials' explanation of batch {name} of {BallotAccounting.JurisdictionOf(state, countyId)}{(explanationEvent.Tabulator is null ? "" : $" (tabulator {explanationEvent.Tabulator})")} in round {round.Number.ToString(c)} ({Quantity.Of(matches.Count, "discrepancy", "discrepancies")}).");
                    AuditCloseRoundCommand.PrintAccounting(output, after, left);
                    foreach (var r in results)
                    {
                        output.Line($"  No ballot-accounting discrepancy stands: the audit result of {r.Contest} is recorded, {r.Kind} {r.Outcome}. {r.Summary}");
                    }
                }

                return !left.IsEmpty || !AuditCloseRoundCommand.HandCountsConfirm(round.Closed!) ? ExitCodes.Failed : ExitCodes.Ok;
            });
    }
}

/// <summary>The <c>--json</c> of <c>canvass audit explain</c>.</summary>
/// <param name="Round">The closed round whose discrepancy was explained.</param>
/// <param name="County">The batch's county id.</param>
/// <param name="Tabulator">The batch's tabulator, if any.</param>
/// <param name="Batch">The batch name.</param>
/// <param name="Explained">The batch's discrepancies this explanation answers.</param>
/// <param name="Standing">The round's discrepancies still unexplained.</param>
/// <param name="Results">The audit results recorded because none stands any longer (empty while one does).</param>
internal sealed record AuditExplainReport(int Round, string County, string? Tabulator, string Batch, int Explained, IReadOnlyList<BallotAccountingDiscrepancy> Standing, IReadOnlyList<AuditExplainResult> Results);

/// <summary>An audit result recorded by <c>canvass audit explain</c>.</summary>
internal sealed record AuditExplainResult(string Contest, string Kind, string Outcome);
