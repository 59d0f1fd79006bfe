using System.CommandLine;
using System.Globalization;
using Canvass.Audit;
using Canvass.Cli.Common;
using Canvass.Domain;

namespace Canvass.Cli.Rla;

/// <summary>What <c>canvass rla sample-size --json</c> prints: one or more options, each a sample size.</summary>
internal sealed record RlaSampleSizeReport(string Method, int RiskLimit, string Contest, double DilutedMargin, IReadOnlyList<RlaSizeOption> Options);

/// <summary>One sample-size option, e.g. <c>asn</c>, <c>0.9</c> (90% chance of finishing in one round) or <c>supersimple</c>.</summary>
internal sealed record RlaSizeOption(string Key, long Size, double? Probability);

/// <summary>What <c>canvass rla risk --json</c> prints: the measured risk per winner–loser pair and whether the limit is met.</summary>
internal sealed record RlaRiskReport(string Method, int RiskLimit, string Contest, IReadOnlyList<RlaPairRisk> Pairs, double MaxRisk, bool Finished);

/// <summary>The measured risk for one winner–loser pair (for comparison audits, the closest pair).</summary>
internal sealed record RlaPairRisk(string Winner, string Loser, double Risk);

/// <summary>The <c>rla sample-size</c> and <c>rla risk</c> calculators over a contest's reported totals.</summary>
internal static class RlaCalculators
{
    public static IEnumerable<Command> Create() => [CreateSampleSize(), CreateRisk()];

    private sealed record ContestOptions(Option<int> RiskLimit, Option<long> Ballots, Option<string> Votes, Option<int> Winners, Option<int> VotesAllowed, Option<string> Method)
    {
        public static ContestOptions Create() => new(
            new Option<int>("--risk-limit") { Description = "Risk limit in whole percent (1 to 99).", DefaultValueFactory = _ => 10 },
            new Option<long>("--ballots") { Description = "Ballots cast in the contest's jurisdictions (the diluted margin's denominator).", Required = true },
            new Option<string>("--votes") { Description = "Reported votes per candidate: \"Biden=2474507,Trump=2461837,Jorgensen=62138\".", Required = true },
            new Option<int>("--winners") { Description = "Number of winners.", DefaultValueFactory = _ => 1 },
            new Option<int>("--votes-allowed") { Description = "Votes allowed per ballot.", DefaultValueFactory = _ => 1 },
            new Option<string>("--method") { Description = "bravo (ballot polling) or supersimple (ballot comparison).", DefaultValueFactory = _ => "bravo" });

        public IEnumerable<Option> All => [RiskLimit, Ballots, Votes, Winners, VotesAllowed, Method];

        public (ArloContest? Contest, string Method, int RiskLimit, List<Problem> Problems) Read(ParseResult parse)
        {
            var problems = new List<Problem>();
            var method = parse.GetValue(Method)!;
            if (method is not ("bravo" or "supersimple"))
            {
                problems.Add(new Problem(ProblemCodes.BadValue, $"--method must be bravo or supersimple, not '{method}'."));
            }

            var riskLimit = parse.GetValue(RiskLimit);
            if (riskLimit is < 1 or > 99)
            {
                problems.Add(new Problem(ProblemCodes.BadValue, $"--risk-limit must be a whole percent from 1 to 99, not {riskLimit}."));
            }

            var before = problems.Count;
            var votes = ParseCounts(parse.GetValue(Votes)!, "--votes", problems);
            // A malformed or repeated entry is left out of the counts, so what follows would judge a contest the user did
            // not give (one candidate too few, too few votes): only well-formed votes are checked further.
            var votesRead = problems.Count == before;
            var ballots = parse.GetValue(Ballots);
            var winners = parse.GetValue(Winners);
            var allowed = parse.GetValue(VotesAllowed);
            if (winners < 1 || allowed < winners)
            {
                problems.Add(new Problem(ProblemCodes.BadValue, "--winners must be at least 1 and at most --votes-allowed."));
            }

            if (votesRead && votes.Count <= winners)
            {
                problems.Add(new Problem(ProblemCodes.BadValue, $"The contest needs at least one loser: {Quantity.Of(votes.Count, "candidate")} for {Quantity.Of(winners, "winner")}."));
            }

            if (ballots <= 0 || (votesRead && votes.Aggregate(Int128.Zero, (t, v) => t + v.Value) > (Int128)ballots * allowed))
            {
                problems.Add(new Problem(ProblemCodes.Inconsistent, "--ballots must be positive and at least the votes cast divided by the votes allowed."));
            }

            if (problems.Count > 0)
            {
                return (null, method, riskLimit, problems);
            }

            var contest = new ArloContest("contest", votes, ballots, winners, allowed);
            var lastWinner = contest.Winners[^1].Value;
            if (contest.Losers.Count > 0 && contest.Losers[0].Value == lastWinner)
            {
                problems.Add(new Problem(ProblemCodes.Inconsistent,
                    $"The reported outcome is a tie ({contest.Winners[^1].Key} and {contest.Losers[0].Key} both have {lastWinner:N0}); a tie cannot be confirmed by an audit — break it as the law says, then hand count."));
            }

            return (contest, method, riskLimit, problems);
        }
    }

    // SUPERSIMPLE's draws so far and the discrepancies among them: each zero or more, the discrepancies no more than the
    // draws (summed without overflow), and the draws within what a round can hold (a ballot's times drawn is an int).
    private static void CheckDiscrepancies(long sampled, long[] discrepancies, string names, List<Problem> problems)
    {
        if (sampled < 0 || discrepancies.Any(d => d < 0) || discrepancies.Aggregate(Int128.Zero, (t, d) => t + d) > sampled)
        {
            problems.Add(new Problem(ProblemCodes.Inconsistent, $"--sampled must be at least the sum of {names}, all zero or more."));
        }
        else if (sampled > int.MaxValue)
        {
            problems.Add(new Problem(ProblemCodes.BadValue, $"--sampled must be at most {int.MaxValue.ToString("N0", CultureInfo.InvariantCulture)} draws, not {sampled.ToString("N0", CultureInfo.InvariantCulture)}."));
        }
    }

    private static Command CreateSampleSize()
    {
        var json = CommonOptions.Json();
        var contest = ContestOptions.Create();
        var sampled = new Option<long>("--sampled") { Description = "supersimple: ballots drawn so far (for a later round's size)." };
        var o1 = new Option<long>("--o1") { Description = "supersimple: one-vote overstatements found so far." };
        var o2 = new Option<long>("--o2") { Description = "supersimple: two-vote overstatements found so far." };
        var command = new Command("sample-size", "Sample sizes for a contest from its reported totals, as Arlo computes them (BRAVO: ASN and 70/80/90% chances to finish in one round; SUPERSIMPLE: Kaplan–Markov).")
        {
            json, sampled, o1, o2,
        };
        foreach (var option in contest.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var output = new Output(Console.Out, Console.Error, parse.GetValue(json));
            var (c, method, riskLimit, problems) = contest.Read(parse);
            long n = parse.GetValue(sampled), d1 = parse.GetValue(o1), d2 = parse.GetValue(o2);
            if (method == "supersimple")
            {
                CheckDiscrepancies(n, [d1, d2], "--o1 and --o2", problems);
            }

            if (problems.Count > 0)
            {
                return output.Problems("No sample size computed.", problems);
            }

            List<RlaSizeOption> options;
            if (method == "supersimple")
            {
                var results = n > 0 ? new ComparisonSampleResults(n, d1, d2) : null;
                options = [new RlaSizeOption("supersimple", Supersimple.GetSampleSize(riskLimit, c!, results), null)];
            }
            else
            {
                options = RlaBravo.SampleSizeOptions(riskLimit, c!);
            }

            var report = new RlaSampleSizeReport(method, riskLimit, Describe(c!), c!.DilutedMargin, options);
            if (output.Json)
            {
                output.WriteJson(report, CliJsonContext.Default.RlaSampleSizeReport);
            }
            else
            {
                output.Line(string.Create(CultureInfo.InvariantCulture, $"{method} at a {riskLimit}% risk limit for {report.Contest} (diluted margin {Percent(report.DilutedMargin, "0.00")}):"));
                foreach (var o in options)
                {
                    output.Line(string.Create(CultureInfo.InvariantCulture, $"  {o.Key,-12} {o.Size,12:N0} ballots{(o.Probability is { } p ? $"  ({Percent(p, "0")} chance to finish in one round)" : "")}"));
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateRisk()
    {
        var json = CommonOptions.Json();
        var contest = ContestOptions.Create();
        var samples = new Option<string[]>("--sample")
        {
            Description = "bravo: votes seen in one round's sample, \"Biden=30,Trump=20\"; repeat for each round.",
            AllowMultipleArgumentsPerToken = false,
        };
        var sampled = new Option<long>("--sampled") { Description = "supersimple: ballots drawn (every draw counts)." };
        var o1 = new Option<long>("--o1") { Description = "supersimple: one-vote overstatements (against the closest pair)." };
        var o2 = new Option<long>("--o2") { Description = "supersimple: two-vote overstatements." };
        var u1 = new Option<long>("--u1") { Description = "supersimple: one-vote understatements." };
        var u2 = new Option<long>("--u2") { Description = "supersimple: two-vote understatements." };
        var command = new Command("risk", "The measured risk of a sample, as Arlo computes it: BRAVO from votes seen per round, SUPERSIMPLE from discrepancy counts.")
        {
            json, samples, sampled, o1, o2, u1, u2,
        };
        foreach (var option in contest.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var output = new Output(Console.Out, Console.Error, parse.GetValue(json));
            var (c, method, riskLimit, problems) = contest.Read(parse);
            var rounds = (parse.GetValue(samples) ?? []).Select(s => ParseCounts(s, "--sample", problems)).ToList();
            long n = parse.GetValue(sampled), d1 = parse.GetValue(o1), d2 = parse.GetValue(o2), s1 = parse.GetValue(u1), s2 = parse.GetValue(u2);
            if (method == "supersimple")
            {
                CheckDiscrepancies(n, [d1, d2, s1, s2], "--o1, --o2, --u1 and --u2", problems);
            }

            if (method == "bravo" && c is not null)
            {
                var names = c.Candidates.Select(x => x.Key).ToHashSet(StringComparer.Ordinal);
                problems.AddRange(rounds.SelectMany(r => r).Where(kv => !names.Contains(kv.Key)).Select(kv => kv.Key).Distinct()
                    .Select(k => new Problem(ProblemCodes.UnknownReference, $"--sample names '{k}', who is not in --votes.")));
            }

            if (problems.Count > 0)
            {
                return output.Problems("No risk measured.", problems);
            }

            RlaRiskReport report;
            if (method == "supersimple")
            {
                var risk = Supersimple.ComputeRisk(riskLimit, c!, SyntheticComparison.Ballots(c!, n, d1, d2, s1, s2));
                report = new RlaRiskReport(method, riskLimit, Describe(c!), [new RlaPairRisk(c!.Winners[^1].Key, c.Losers[0].Key, risk.PValue)], risk.PValue, risk.Finished);
            }
            else
            {
                var risk = Bravo.ComputeRisk(riskLimit, c!, rounds.Select(r => (IReadOnlyDictionary<string, long>)r.ToDictionary(StringComparer.Ordinal)));
                var pairs = risk.PValues.Select(p => new RlaPairRisk(p.Key.Winner, p.Key.Loser, p.Value)).ToList();
                report = new RlaRiskReport(method, riskLimit, Describe(c!), pairs, pairs.Count == 0 ? 1 : pairs.Max(p => p.Risk), risk.Finished);
            }

            if (output.Json)
            {
                output.WriteJson(report, CliJsonContext.Default.RlaRiskReport);
            }
            else
            {
                foreach (var p in report.Pairs)
                {
                    output.Line(string.Create(CultureInfo.InvariantCulture, $"{p.Winner} over {p.Loser}: risk {p.Risk:G6}"));
                }

                output.Line(string.Create(CultureInfo.InvariantCulture,
                    $"measured risk {report.MaxRisk:G6} {(report.Finished ? "<=" : ">")} risk limit {riskLimit}%: {(report.Finished ? "the audit can stop" : "keep auditing")}"));
            }

            return report.Finished ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static string Describe(ArloContest c) => string.Join(", ", c.Candidates.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Key} {x.Value:N0}")));

    private static List<KeyValuePair<string, long>> ParseCounts(string text, string option, List<Problem> problems)
    {
        var counts = new List<KeyValuePair<string, long>>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.LastIndexOf('=');
            if (eq <= 0 || !long.TryParse(part[(eq + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                problems.Add(new Problem(ProblemCodes.Malformed, $"{option}: '{part}' is not NAME=COUNT (a whole number)."));
                continue;
            }

            var name = part[..eq].Trim();
            if (counts.Any(c => c.Key == name))
            {
                problems.Add(new Problem(ProblemCodes.DuplicateId, $"{option}: '{name}' is given twice."));
                continue;
            }

            counts.Add(new(name, n));
        }

        return counts;
    }

    /// <summary>A fraction as a percentage written as the rest of the text writes one, with no space before the sign
    /// ("0.25%", as "10% risk limit"); the invariant culture's <c>P</c> format writes "0.25 %".</summary>
    private static string Percent(double fraction, string format) => (fraction * 100).ToString(format, CultureInfo.InvariantCulture) + "%";
}
