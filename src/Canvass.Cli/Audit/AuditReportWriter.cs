using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text;
using Canvass.Audit.Workflow;
using Canvass.Domain.Audits;
using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;
using nietras.SeparatedValues;

namespace Canvass.Cli.Audit;

/// <summary>The audit report: a CSV in sections like Arlo's (<c>ELECTION INFO</c>, <c>CONTESTS</c>, <c>AUDIT SETTINGS</c>,
/// <c>ROUNDS</c>, <c>SAMPLED BALLOTS</c>; <c>FULL HAND TALLY</c> after a full hand tally, <c>FULL HAND TALLY BATCH
/// RESULTS</c> when it was entered per batch, and <c>BALLOT ACCOUNTING DISCREPANCIES</c> when its paper did not fit the
/// manifest), and the same as an HTML page.</summary>
internal sealed class AuditReportWriter(AuditState state, ElectionIndex index, IReadOnlyDictionary<string, ImmutableArray<ContestMarks>> marks)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private ElectionDefinition Definition => index.Definition;

    public List<(string Title, string[] Header, List<string[]> Rows)> Sections()
    {
        var audit = state.Audit!;
        var sections = new List<(string, string[], List<string[]>)>
        {
            ("ELECTION INFO", ["Election Name", "State", "Election Date"],
                [[Definition.Name, Definition.IssuerAbbreviation ?? "", Definition.EndDate.ToString("yyyy-MM-dd", C)]]),
            ("CONTESTS", ["Contest Name", "Contest Id", "Targeted?", "Number of Winners", "Votes Allowed", "Total Ballots Cast", "Tabulated Votes"],
                [.. audit.Contests.Select(c => new[]
                {
                    ContestName(c.Contest), c.Contest, c.Targeted ? "Targeted" : "Opportunistic", c.NumWinners.ToString(C), c.VotesAllowed.ToString(C),
                    c.Ballots.ToString(C), string.Join("; ", c.Choices.Select(v => $"{v.Selection}: {v.Votes.ToString(C)}")),
                })]),
            ("AUDIT SETTINGS", ["Audit Id", "Audit Type", "Audit Math Type", "Risk Limit", "Random Seed", "CVR Imports", "Manifest Imports"],
                [[audit.AuditId, audit.AuditType, audit.AuditType switch { AuditTypes.BallotComparison => state.RaireAssertions.IsEmpty ? "SUPERSIMPLE" : "SUPERSIMPLE; RAIRE assertions with ALPHA for ranked-choice contests", AuditTypes.BatchComparison => "MACRO", AuditTypes.Hybrid => "SUITE", _ => "BRAVO" }, audit.RiskLimit.ToString(C) + "%",
                  state.Seed ?? "", string.Join("; ", audit.CvrImports), string.Join("; ", audit.ManifestImports)]]),
            ("ROUNDS", ["Round Number", "Contest Name", "Targeted?", "Sample Size", "Risk Limit Met?", "P-Value", "Audited Votes", "Discrepancies (o1, o2, u1, u2)", "Decision"],
                [.. state.Rounds.SelectMany(r => audit.Contests.Select(c =>
                {
                    var o = r.Closed?.Contests.FirstOrDefault(x => x.Contest == c.Contest);
                    return new[]
                    {
                        r.Number.ToString(C), ContestName(c.Contest), c.Targeted ? "Targeted" : "Opportunistic",
                        (r.Sample.Sizes.FirstOrDefault(s => s.Contest == c.Contest)?.Size ?? 0).ToString(C),
                        o is null ? "" : o.RiskLimitMet ? "Yes" : "No",
                        o?.PValue ?? "",
                        o is null ? "" : string.Join("; ", o.SampleVotes.Select(v => $"{v.Selection}: {v.Votes.ToString(C)}")),
                        o is null ? "" : $"{o.Overstatements1}, {o.Overstatements2}, {o.Understatements1}, {o.Understatements2}",
                        r.Closed?.Decision ?? "open",
                    };
                }))]),
            ("SAMPLED BALLOTS", ["Round", "Jurisdiction", "Container", "Tabulator", "Batch Name", "Ballot Position", "Imprinted ID", "CVR Import", "CVR Leaf Index",
                "Ticket Numbers", "Audited?", "Audit Result", "CVR Result", "Discrepancy"],
                [.. state.Rounds.SelectMany(r => r.Sample.Ballots.Select(b => SampledRow(r, b)))]),
        };
        var handCounts = state.Rounds.SelectMany(r => (r.Closed?.Contests ?? []).Where(o => o.HandCount is not null).Select(o => (r.Number, Outcome: o))).ToList();
        if (handCounts.Count > 0)
        {
            sections.Add(("FULL HAND TALLY", ["Round", "Contest Name", "Outcome", "Counted", "Uncounted", "Batches Tallied", "Batches Without Tally", "Hand Count Votes", "Hand Count Winners", "Tied", "Reported Winners"],
                [.. handCounts.Select(h => new[]
                {
                    h.Number.ToString(C), ContestName(h.Outcome.Contest), h.Outcome.HandCount!.Outcome, h.Outcome.HandCount.Ballots.ToString(C), h.Outcome.HandCount.Uncounted.ToString(C),
                    h.Outcome.HandCount.Batches?.ToString(C) ?? "", h.Outcome.HandCount.UncountedBatches?.ToString(C) ?? "",
                    string.Join("; ", h.Outcome.SampleVotes.Select(v => $"{v.Selection}: {v.Votes.ToString(C)}")),
                    string.Join("; ", h.Outcome.HandCount.Winners), string.Join("; ", h.Outcome.HandCount.Tied), string.Join("; ", h.Outcome.HandCount.ReportedWinners),
                })]));
        }

        if (BatchAudit.FrameReportSection(state) is { } batchResults)
        {
            sections.Add(batchResults);
        }

        if (BatchAudit.AccountingReportSection(state) is { } accounting)
        {
            sections.Add(accounting);
        }

        if (!state.RaireAssertions.IsEmpty)
        {
            sections.Add(RankedChoiceAudit.ReportSection(state));
        }

        if (audit.AuditType == AuditTypes.BatchComparison)
        {
            sections.Add(BatchAudit.ReportSection(state));
        }

        if (audit.AuditType == AuditTypes.Hybrid)
        {
            sections.Add(HybridAudit.ReportSection(state, index, marks));
        }

        return sections;
    }

    private string[] SampledRow(AuditRound round, SampledBallot b)
    {
        var audit = state.Audit!;
        round.Interpretations.TryGetValue(AuditRound.Key(b), out var reading);
        var contests = audit.Contests.Where(c => c.Counties.Contains(b.County)).ToList();
        var auditResult = reading is null ? "" : reading.NotFound ? "BALLOT NOT FOUND"
            : string.Join("; ", reading.Contests.Select(c => $"{c.Contest}: {(c.Interpretation == Interpretations.Vote ? string.Join(RankedChoiceAudit.IsRanked(state, c.Contest) ? ">" : "|", c.Choices) + (c.Overvote ? " (overvote)" : "") : c.Interpretation)}"));
        var cvrResult = "";
        var discrepancy = "";
        if (b.BallotId is { } id && marks.TryGetValue(id, out var m))
        {
            cvrResult = string.Join("; ", contests.Select(c =>
            {
                index.TryGetContest(new ContestId(c.Contest), out int position);
                var cm = m.FirstOrDefault(x => x.Contest == position);
                return $"{c.Contest}: {(cm.Marks.IsDefault ? "not on ballot" : RankedChoiceAudit.IsRanked(state, c.Contest) ? RankedChoiceAudit.Text(cm, Definition.Contests[position]) : string.Join("|", cm.Marks.Select(x => Definition.Contests[position].Selections[x.Selection].Id.Value)))}";
            }));
            if (reading is not null && audit.AuditType is AuditTypes.BallotComparison or AuditTypes.Hybrid)
            {
                discrepancy = string.Join("; ", contests.Select(c =>
                {
                    if (RankedChoiceAudit.IsRanked(state, c.Contest))
                    {
                        return $"{c.Contest}: {RankedChoiceAudit.Discrepancy(state, c, round, b, marks, index).ToString(C)}";
                    }

                    var measured = AuditMeasurement.For(c with { Targeted = false }, [round with { Sample = round.Sample with { Ballots = [b] } }], marks, index);
                    return measured.Count == 0 ? $"{c.Contest}: 0" : $"{c.Contest}: {AuditMath.Discrepancy(c, measured[0]).ToString(C)}";
                }));
            }
        }

        return
        [
            round.Number.ToString(C), b.Jurisdiction, b.Container ?? "", b.Tabulator ?? "", b.Batch, b.Position.ToString(C), b.BallotId ?? "",
            b.ImportId ?? "", b.IndexInImport?.ToString(C) ?? "", string.Join("; ", b.Draws.Select(d => $"{d.Contest}: {d.Ticket}")),
            reading is null ? "No" : "Yes", auditResult, cvrResult, discrepancy,
        ];
    }

    public void WriteCsv(string path)
    {
        using var text = new StreamWriter(path, false, new UTF8Encoding(false));
        foreach (var (title, header, rows) in Sections())
        {
            text.WriteLine($"######## {title} ########");
            using (var writer = Sep.Writer(o => o with { Sep = new Sep(','), Escape = true }).To(text, leaveOpen: true))
            {
                if (rows.Count == 0)
                {
                    text.WriteLine(string.Join(",", header.Select(h => h.Contains(',', StringComparison.Ordinal) ? $"\"{h}\"" : h)));
                }

                foreach (var r in rows)
                {
                    using var row = writer.NewRow();
                    for (var i = 0; i < header.Length; i++)
                    {
                        row[header[i]].Set(r[i]);
                    }
                }
            }

            text.WriteLine();
        }
    }

    public void WriteHtml(string path)
    {
        var sb = new StringBuilder();
        var audit = state.Audit!;
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
          .Append("<title>Audit report: ").Append(H(Definition.Name)).Append("</title>")
          .Append("<style>body{font-family:system-ui,sans-serif;margin:1rem}table{border-collapse:collapse;margin-bottom:1.5rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;font-size:.9rem}th{background:#f3f3f3}</style></head><body>\n")
          .Append("<h1>Risk-limiting audit: ").Append(H(Definition.Name)).Append("</h1>\n")
          .Append("<p>Status: <strong>").Append(H(state.Status)).Append("</strong>. Type ").Append(H(audit.AuditType)).Append(", risk limit ")
          .Append(audit.RiskLimit.ToString(C)).Append("%, seed <code>").Append(H(state.Seed ?? "(not set)")).Append("</code>.</p>\n");
        foreach (var (title, header, rows) in Sections())
        {
            sb.Append("<h2>").Append(H(title)).Append("</h2>\n<table><thead><tr>");
            foreach (var h in header)
            {
                sb.Append("<th>").Append(H(h)).Append("</th>");
            }

            sb.Append("</tr></thead><tbody>\n");
            foreach (var r in rows)
            {
                sb.Append("<tr>");
                foreach (var cell in r)
                {
                    sb.Append("<td>").Append(H(cell)).Append("</td>");
                }

                sb.Append("</tr>\n");
            }

            sb.Append("</tbody></table>\n");
        }

        sb.Append("</body></html>\n");
        File.WriteAllText(path, sb.ToString(), new UTF8Encoding(false));
    }

    private string ContestName(string id) => Definition.Contests.FirstOrDefault(c => c.Id.Value == id)?.Name ?? id;

    private static string H(string s) => WebUtility.HtmlEncode(s);
}
