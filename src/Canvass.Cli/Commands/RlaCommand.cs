using System.CommandLine;
using System.Globalization;
using Canvass.Cli.Common;
using Canvass.Cli.Rla;
using Canvass.Domain;
using Canvass.Formats.Manifests;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass rla sample | sample-size | risk</c>: risk-limiting audit calculators that need no store.</summary>
internal static class RlaCommand
{
    public static Command Create()
    {
        var command = new Command("rla", "Risk-limiting audit calculators: draw a sample from a manifest and a public seed, size a sample, measure risk. No store needed.");
        command.Subcommands.Add(CreateSample());
        foreach (var extra in RlaCalculators.Create())
        {
            command.Subcommands.Add(extra);
        }

        return command;
    }

    private static Command CreateSample()
    {
        var json = CommonOptions.Json();
        var seed = new Option<string>("--seed") { Description = "The audit's public random seed (e.g. twenty dice rolls), exactly as announced.", Required = true };
        var manifests = new Option<FileInfo[]>("--manifest", "-m")
        {
            Description = "Ballot manifest CSV in Arlo's columns (Container, Tabulator, Batch Name, Number of Ballots) with a Jurisdiction column; repeat for several files.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var count = new Option<int>("--count", "-n") { Description = "How many ballots to draw in this round.", Required = true };
        var withReplacement = new Option<bool>("--with-replacement") { Description = "Draw with replacement (ballot polling, as BRAVO assumes); by default a ballot is drawn at most once." };
        var roundFrom = new Option<int>("--round-from")
        {
            Description = "Draws already taken by earlier rounds: this round continues the same ticket stream after them (0 for the first round).",
            DefaultValueFactory = _ => 0,
        };
        var outFile = new Option<FileInfo?>("--out") { Description = "Also write the sample as a CSV retrieval list to this file." };
        var command = new Command("sample", "Draw ballots from a manifest with Arlo's consistent SHA-256 sampler; anyone with the seed and the manifest draws the same tickets.")
        {
            json, seed, manifests, count, withReplacement, roundFrom, outFile,
        };
        command.SetAction(parse =>
        {
            var output = new Output(Console.Out, Console.Error, parse.GetValue(json));
            var n = parse.GetValue(count);
            var from = parse.GetValue(roundFrom);
            var problems = new List<Problem>();
            if (n < 0)
            {
                problems.Add(new Problem(ProblemCodes.BadValue, "--count must be zero or more."));
            }

            if (from < 0)
            {
                problems.Add(new Problem(ProblemCodes.BadValue, "--round-from must be zero or more."));
            }

            var seedText = parse.GetValue(seed)!;
            if (seedText.Length == 0)
            {
                problems.Add(new Problem(ProblemCodes.BadValue, "--seed is empty."));
            }

            var batches = new List<ManifestBatch>();
            foreach (var file in parse.GetValue(manifests)!)
            {
                if (!file.Exists)
                {
                    problems.Add(new Problem(ProblemCodes.Unreadable, "No such file.", file.FullName));
                    continue;
                }

                using var stream = file.OpenRead();
                var read = BallotManifestReader.Read(stream, file.Name);
                if (read.IsSuccess)
                {
                    batches.AddRange(read.Value.Batches);
                }
                else
                {
                    problems.AddRange(read.Problems);
                }
            }

            var duplicates = batches.GroupBy(b => (b.Jurisdiction, b.Tabulator, b.BatchName)).Where(g => g.Count() > 1).ToList();
            problems.AddRange(duplicates.Select(d => new Problem(ProblemCodes.DuplicateId,
                $"Batch '{d.Key.BatchName}' (jurisdiction '{d.Key.Jurisdiction}', tabulator '{d.Key.Tabulator ?? "none"}') is in more than one manifest file.")));
            var total = batches.Sum(b => (long)b.BallotCount);
            if (!parse.GetValue(withReplacement) && problems.Count == 0 && checked((long)n + from) > total)
            {
                problems.Add(new Problem(ProblemCodes.BadValue,
                    string.Create(CultureInfo.InvariantCulture, $"Without replacement at most {total:N0} ballots can be drawn; asked for {from + (long)n:N0}.")));
            }

            if (parse.GetValue(outFile) is { } outPath && OutputPath.File(outPath.FullName, "--out") is { } bad)
            {
                problems.Add(bad);
            }

            if (problems.Count > 0)
            {
                return output.Problems("Nothing was drawn.", problems);
            }

            var draws = RlaSample.Draw(seedText, batches, n, from, parse.GetValue(withReplacement));
            var report = new RlaSampleReport(seedText, total, from, parse.GetValue(withReplacement), draws);
            if (parse.GetValue(outFile) is { } csv)
            {
                RlaSample.WriteCsv(csv.FullName, draws);
            }

            if (output.Json)
            {
                output.WriteJson(report, CliJsonContext.Default.RlaSampleReport);
            }
            else
            {
                output.Line(string.Create(CultureInfo.InvariantCulture,
                    $"{draws.Count:N0} draws {(report.WithReplacement ? "with" : "without")} replacement from {total:N0} ballots in {batches.Count:N0} batches, after {from:N0} earlier draws; seed {seedText}"));
                // The draws come in draw order, numbered on from the earlier rounds' draws.
                var numberWidth = Math.Max(4, ((long)from + draws.Count).ToString(CultureInfo.InvariantCulture).Length);
                var ticketWidth = draws.Select(d => d.TicketNumber.Length).Append(6).Max();
                output.Line($"{"draw".PadLeft(numberWidth)}  {"ticket".PadRight(ticketWidth)}  jurisdiction / container / tabulator / batch / ballot");
                for (var i = 0; i < draws.Count; i++)
                {
                    var d = draws[i];
                    var number = ((long)from + i + 1).ToString(CultureInfo.InvariantCulture);
                    output.Line(string.Create(CultureInfo.InvariantCulture,
                        $"{number.PadLeft(numberWidth)}  {d.TicketNumber.PadRight(ticketWidth)}  {d.Jurisdiction} / {d.Container ?? "-"} / {d.Tabulator ?? "-"} / {d.Batch} / {d.Position}{(d.Generation > 1 ? $"  (drawn {d.Generation}x)" : "")}"));
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
