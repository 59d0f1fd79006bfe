using System.CommandLine;
using System.Globalization;
using Canvass.Audit.Workflow;
using Canvass.Cli.Audit;
using Canvass.Cli.Common;
using Canvass.Domain;
using nietras.SeparatedValues;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass audit retrieval-list --out DIR [--round N]</c>: one CSV per county of the ballots (or batches) to pull.</summary>
internal static class AuditRetrievalListCommand
{
    public static readonly string[] Columns = ["Container", "Tabulator", "Batch Name", "Ballot Number", "Imprinted ID", "Ticket Numbers", "Already Audited"];

    public static Command Create()
    {
        var outDir = new Option<DirectoryInfo>("--out") { Description = "The directory to write retrieval-list-round-N-COUNTY.csv files to.", Required = true };
        var round = new Option<int?>("--round") { Description = "The round (default: the latest)." };
        return AuditCommand.Verb("retrieval-list", "Write each county's retrieval list for a round: container, tabulator, batch, position, imprinted id and ticket numbers.", writes: false, [outDir, round],
            (parse, output, session, state, ct) =>
            {
                var number = parse.GetValue(round) ?? state.Rounds.Length;
                if (number < 1 || number > state.Rounds.Length)
                {
                    return Task.FromResult(output.Problem(ProblemCodes.BadValue,
                        state.Rounds.IsEmpty ? "No round has been drawn yet: run 'canvass audit sample' first." : $"There is no round {number}; rounds 1 to {state.Rounds.Length} exist."));
                }

                var directory = parse.GetValue(outDir)!;
                if (OutputPath.Folder(directory.FullName, "--out") is { } bad)
                {
                    return Task.FromResult(output.Problem(bad));
                }

                directory.Create();
                var frame = state.Rounds[number - 1].HandTallyFrame;
                var files = frame is not null ? BatchAudit.WriteFrameRetrievalLists(state, number, frame, directory.FullName)
                    : state.Audit?.AuditType == Domain.Audits.AuditTypes.BatchComparison
                    ? BatchAudit.WriteRetrievalLists(state, number, directory.FullName)
                    : state.Audit?.AuditType == Domain.Audits.AuditTypes.Hybrid ? HybridAudit.WriteRetrievalLists(state, number, directory.FullName)
                    : Write(state, number, directory.FullName);
                if (output.Json)
                {
                    output.WriteJson(files, CliJsonContext.Default.ListRetrievalListFile);
                }
                else
                {
                    foreach (var f in files)
                    {
                        output.Line($"{f.County}: {f.Ballots.ToString("N0", CultureInfo.InvariantCulture)} {(frame is not null || state.Audit?.AuditType == Domain.Audits.AuditTypes.BatchComparison ? "batches" : "ballots")} → {f.Path}");
                    }
                }

                return Task.FromResult(ExitCodes.Ok);
            });
    }

    public static List<RetrievalListFile> Write(AuditState state, int number, string directory)
    {
        var round = state.Rounds[number - 1];
        var earlier = state.Rounds.Take(number - 1).SelectMany(r => r.Sample.Ballots).Select(AuditRound.Key).ToHashSet();
        var files = new List<RetrievalListFile>();
        foreach (var county in round.Sample.Ballots.GroupBy(b => b.County).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var path = Path.Combine(directory, $"retrieval-list-round-{number.ToString(CultureInfo.InvariantCulture)}-{county.Key}.csv");
            using (var writer = Sep.Writer(o => o with { Sep = new Sep(','), Escape = true }).ToFile(path))
            {
                foreach (var b in county.OrderBy(b => b.Container, StringComparer.Ordinal).ThenBy(b => b.Tabulator, StringComparer.Ordinal)
                    .ThenBy(b => b.Batch, StringComparer.Ordinal).ThenBy(b => b.Position))
                {
                    using var row = writer.NewRow();
                    row[Columns[0]].Set(b.Container ?? "");
                    row[Columns[1]].Set(b.Tabulator ?? "");
                    row[Columns[2]].Set(b.Batch);
                    row[Columns[3]].Set(b.Position.ToString(CultureInfo.InvariantCulture));
                    row[Columns[4]].Set(b.BallotId ?? "");
                    row[Columns[5]].Set(string.Join("; ", b.Draws.Select(d => $"{d.Contest}: {d.Ticket}")));
                    row[Columns[6]].Set(earlier.Contains(AuditRound.Key(b)) ? "Yes" : "No");
                }
            }

            files.Add(new RetrievalListFile(county.Key, county.Count(), path));
        }

        return files;
    }
}

/// <summary>One county's retrieval list.</summary>
internal sealed record RetrievalListFile(string County, int Ballots, string Path);
