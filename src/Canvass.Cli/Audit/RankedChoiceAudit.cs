using System.Collections.Immutable;
using System.Globalization;
using Canvass.Audit.Workflow;
using Canvass.Cli.Common;
using Canvass.Cli.Imports;
using Canvass.Domain;
using Canvass.Domain.Audits;
using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;
using Canvass.Domain.Events;
using Canvass.Domain.Rcv;
using Canvass.Domain.Tabulation;
using Canvass.Formats.Common;

namespace Canvass.Cli.Audit;

/// <summary>Ranked-choice (single-winner IRV) contests in the audit workflow: RAIRE assertions generated from the
/// committed CVRs at <c>create</c>, sized and measured with <see cref="RaireAuditMath"/> (see docs/auditing.md).</summary>
internal static class RankedChoiceAudit
{
    /// <summary>True when the contest is ranked choice.</summary>
    public static bool IsRanked(ElectionDefinition definition, string contest) =>
        definition.Contests.FirstOrDefault(c => c.Id.Value == contest)?.VoteVariation == VoteVariation.Rcv;

    /// <summary>True when the audit has RAIRE assertions for the contest.</summary>
    public static bool IsRanked(AuditState state, string contest) => state.RaireAssertions.ContainsKey(contest);

    /// <summary>A ranked-choice contest's diluted margin: its hardest assertion's (null for another contest).</summary>
    public static double? DilutedMargin(AuditState state, string contest) =>
        state.RaireAssertions.TryGetValue(contest, out var g) && !g.Assertions.IsEmpty
            ? g.Assertions.Min(a => double.Parse(a.Margin, CultureInfo.InvariantCulture))
            : null;

    /// <summary>Why a ranked-choice contest cannot be in this audit, before anything is counted: only ballot comparison
    /// carries the rankings the assertions need, and RAIRE covers single-winner IRV only.</summary>
    public static IEnumerable<Problem> CheckCreate(ElectionSession session, Contest contest, string auditType)
    {
        if (auditType != AuditTypes.BallotComparison)
        {
            yield return new Problem(ProblemCodes.Unsupported,
                $"Contest {contest.Id} is ranked choice: it is audited by comparing each sampled ballot's rankings with its CVR (RAIRE assertions), so the audit type must be {AuditTypes.BallotComparison}, not {auditType}.",
                Path: "--type");
            yield break;
        }

        var rules = StoredRules.For(session.State, contest);
        if (contest.NumberElected <= 1 && rules.NumberOfWinners <= 1 && rules.WinnerMode != RcvWinnerMode.SingleWinnerMajority)
        {
            yield return new Problem(ProblemCodes.Unsupported,
                $"Contest {contest.Id} is counted with RCTab's {rules.WinnerMode} rules; RAIRE's assertions cover single-winner IRV (singleWinnerMajority) only.",
                Path: "--contest");
        }
        else if (contest.NumberElected > 1 || rules.NumberOfWinners > 1)
        {
            yield return new Problem(ProblemCodes.Unsupported,
                $"Contest {contest.Id} elects {Math.Max(contest.NumberElected, rules.NumberOfWinners).ToString(CultureInfo.InvariantCulture)} by ranked choice ({rules.WinnerMode}); RAIRE's assertions cover single-winner IRV only, so a multi-winner (STV) contest cannot be audited here.",
                Path: "--contest");
        }
    }

    /// <summary>For each ranked contest, takes the IRV winner tabulated from the committed CVRs (the reported winner) and
    /// generates the contest's RAIRE assertions from the same CVRs, with margins over the audit's frame. The stored ballots
    /// are read once for all the contests. A contest RAIRE cannot confirm adds problems and no event.</summary>
    public static async Task<List<RaireAssertionsGenerated>> GenerateAsync(
        ElectionSession session, string auditId, IReadOnlyList<(AuditedContest Audited, ContestResult Result)> ranked, List<Problem> problems, CancellationToken ct)
    {
        var index = session.Index;
        var counting = new List<(AuditedContest Audited, int Position, Contest Contest, string Winner, HashSet<string> Counties, RankingCounts Cvrs)>();
        foreach (var (audited, result) in ranked)
        {
            index.TryGetContest(new ContestId(audited.Contest), out int position);
            var contest = index.Definition.Contests[position];
            if (result.Rounds is not { } rounds || result.Units.Any(u => u.Source == CountSource.ReportedResults))
            {
                problems.Add(new Problem(ProblemCodes.Inconsistent, $"Contest {audited.Contest} has no rankings to count: a ranked-choice audit needs every ballot's CVR with its rankings, not reported totals.", Path: "--contest"));
                continue;
            }

            if (!rounds.IsSuccess || result.Winners.Length != 1)
            {
                problems.Add(new Problem(ProblemCodes.BadValue,
                    $"Contest {audited.Contest} cannot be audited: the IRV count of the committed CVRs did not name one winner ({string.Join("; ", rounds.Problems.IsDefault ? [] : rounds.Problems.Select(p => p.Message))}).",
                    Path: "--contest"));
                continue;
            }

            counting.Add((audited, position, contest, result.Winners[0].Value, audited.Counties.ToHashSet(StringComparer.Ordinal), new RankingCounts()));
        }

        if (counting.Count > 0)
        {
            await foreach (var b in session.Store.ReadBallotsAsync(ct))
            {
                ImmutableArray<ContestMarks>? marks = null;
                foreach (var c in counting)
                {
                    if (c.Counties.Contains(b.County)
                        && Ranking(marks ??= BallotEncoding.DecodeMarks(b.Marks, index), c.Position, c.Contest) is { } ranking)
                    {
                        c.Cvrs.Add(ranking);
                    }
                }
            }
        }

        var generated = new List<RaireAssertionsGenerated>();
        foreach (var (audited, _, contest, winner, _, cvrs) in counting)
        {
            if (cvrs.Total > audited.Ballots)
            {
                problems.Add(new Problem(ProblemCodes.Inconsistent,
                    $"Contest {audited.Contest}: {cvrs.Total.ToString(CultureInfo.InvariantCulture)} CVRs carry it but the manifests of {string.Join(", ", audited.Counties)} hold only {audited.Ballots.ToString(CultureInfo.InvariantCulture)} ballots.",
                    Path: "--contest"));
                continue;
            }

            var (raire, assertions) = RaireAuditMath.Generate(audited.Contest, [.. contest.Selections.Select(s => s.Id.Value)], winner, cvrs, audited.Ballots);
            if (!raire.IsSuccess)
            {
                problems.Add(new Problem(ProblemCodes.BadValue,
                    $"Contest {audited.Contest} cannot be audited: RAIRE cannot confirm the reported IRV winner {winner}: {raire.Problem}. Only a full hand count can settle it.",
                    Path: "--contest"));
                continue;
            }

            if (assertions.IsEmpty)
            {
                problems.Add(new Problem(ProblemCodes.BadValue, $"Contest {audited.Contest} cannot be audited: it has no losers ({Quantity.Of(contest.Selections.Length, "candidate")}): there is no outcome to check.", Path: "--contest"));
                continue;
            }

            generated.Add(new RaireAssertionsGenerated(auditId, audited.Contest, winner, cvrs.Total, assertions));
        }

        return generated;
    }

    /// <summary>A CVR's effective ranking in the contest (selection ids), or null when the CVR does not carry it.</summary>
    public static ImmutableArray<string>? Ranking(ImmutableArray<ContestMarks> marks, int contestPosition, Contest contest)
    {
        foreach (var m in marks)
        {
            if (m.Contest == contestPosition)
            {
                return RaireAuditMath.Preferences(m.Marks.Select(x => (x.Rank, contest.Selections[x.Selection].Id.Value)));
            }
        }

        return null;
    }

    /// <summary>
    /// Reads a ranking as the board entered it, in the CVR notation: ranks in order separated by <c>&gt;</c>
    /// (<c>ann&gt;ben&gt;cal</c>), two or more selections marked at one rank separated by <c>|</c> (an overvoted rank),
    /// an empty rank for a skipped one (<c>ann&gt;&gt;cal</c>); selections by id or by name. Returns one entry per rank up
    /// to the last marked one: a selection id, ids joined by <c>|</c>, or <c>""</c>.
    /// </summary>
    public static ImmutableArray<string> ParseRanking(string text, Contest contest, ProblemList problems, long? line)
    {
        var ranks = new List<string>();
        foreach (var segment in text.Split('>', StringSplitOptions.TrimEntries))
        {
            var ids = new List<string>();
            foreach (var name in segment.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var selection = contest.Selections.FirstOrDefault(s =>
                    string.Equals(s.Id.Value, name, StringComparison.Ordinal) || string.Equals(s.Text, name, StringComparison.OrdinalIgnoreCase));
                if (selection is null)
                {
                    problems.Add(ProblemCodes.UnknownReference, $"'{name}' is not a candidate of {contest.Id} ({string.Join(", ", contest.Selections.Select(s => s.Id.Value))}); rank candidates in order as A>B>C.", line, "Choices");
                }
                else
                {
                    ids.Add(selection.Id.Value);
                }
            }

            ranks.Add(string.Join("|", ids.Distinct(StringComparer.Ordinal)));
        }

        while (ranks.Count > 0 && ranks[^1].Length == 0)
        {
            ranks.RemoveAt(ranks.Count - 1);
        }

        return [.. ranks];
    }

    /// <summary>Every draw of the contest in the given rounds, with the board's and the CVR's rankings: a targeted
    /// contest's own draws, or (opportunistic) every draw of a ballot in its counties.</summary>
    public static List<RankedDraw> Draws(
        AuditedContest audited, IEnumerable<AuditRound> rounds, IReadOnlyDictionary<string, ImmutableArray<ContestMarks>> cvrMarks, ElectionIndex index)
    {
        index.TryGetContest(new ContestId(audited.Contest), out int position);
        var contest = index.Definition.Contests[position];
        var draws = new List<RankedDraw>();
        foreach (var round in rounds)
        {
            foreach (var ballot in round.Sample.Ballots)
            {
                if (!audited.Counties.Contains(ballot.County))
                {
                    continue;
                }

                round.Interpretations.TryGetValue(AuditRound.Key(ballot), out var reading);
                var paper = RaireAuditMath.Audited(reading?.Contests.FirstOrDefault(c => c.Contest == audited.Contest));
                var cvr = ballot.BallotId is { } id && cvrMarks.TryGetValue(id, out var marks) ? Ranking(marks, position, contest) : null;
                foreach (var d in ballot.Draws.Where(d => !audited.Targeted || d.Contest == audited.Contest))
                {
                    draws.Add(new RankedDraw(d.Ticket, reading?.NotFound ?? false, paper, cvr));
                }
            }
        }

        return draws;
    }

    /// <summary>The sample-size options of a ranked-choice contest (see <see cref="RaireAuditMath.Options"/>).</summary>
    public static ImmutableArray<SampleSizeOption> Options(AuditState state, AuditedContest contest, IReadOnlyList<RankedDraw> drawn)
    {
        var all = (int)Math.Min(int.MaxValue, Math.Max(0, contest.Ballots - drawn.Count));
        return RaireAuditMath.Options(state.Audit!.RiskLimit, contest.Contest, state.RaireAssertions[contest.Contest].Assertions, drawn, all);
    }

    /// <summary>Measures a ranked-choice contest: the round outcome (its risk the largest assertion risk; the discrepancy
    /// counts those of the riskiest assertion) and each assertion's risk for the log.</summary>
    public static (ContestRoundOutcome Outcome, RaireAssertionsMeasured Measured) Measure(AuditState state, AuditedContest contest, int round, IReadOnlyList<RankedDraw> draws)
    {
        var audit = state.Audit!;
        var measured = RaireAuditMath.Measure(audit.RiskLimit, contest.Contest, state.RaireAssertions[contest.Contest].Assertions, draws);
        var worst = measured.Assertions.OrderByDescending(a => double.Parse(a.PValue, CultureInfo.InvariantCulture)).FirstOrDefault();
        var votes = contest.Choices.Select(c => new ReportedChoice(c.Selection,
            draws.LongCount(d => !d.NotFound && d.Audited is { Length: > 0 } r && r[0] == c.Selection))).ToImmutableArray();
        var outcome = new ContestRoundOutcome(contest.Contest, contest.Targeted, draws.Count, measured.PValue.ToString("R", CultureInfo.InvariantCulture),
            measured.RiskLimitMet && draws.Count > 0, votes,
            worst?.Overstatements1 ?? 0, worst?.Overstatements2 ?? 0, worst?.Understatements1 ?? 0, worst?.Understatements2 ?? 0);
        return (outcome, new RaireAssertionsMeasured(audit.AuditId, round, contest.Contest, measured.Assertions));
    }

    /// <summary>The per-assertion measurement of every ranked-choice contest when <paramref name="open"/> closes.</summary>
    public static List<RaireAssertionsMeasured> Measured(
        AuditState state, AuditRound open, IReadOnlyDictionary<string, ImmutableArray<ContestMarks>> marks, ElectionIndex index)
    {
        var rounds = state.Rounds.Take(open.Number).ToList();
        return [.. state.Audit!.Contests.Where(c => IsRanked(state, c.Contest)).Select(c => Measure(state, c, open.Number, Draws(c, rounds, marks, index)).Measured)];
    }

    /// <summary>A ranked CVR contest as text in the CVR notation: ranks joined by <c>&gt;</c>, an overvoted rank's
    /// selections by <c>|</c>.</summary>
    public static string Text(ContestMarks marks, Contest contest) =>
        string.Join(">", marks.Marks.GroupBy(m => m.Rank).OrderBy(g => g.Key).Select(g => string.Join("|", g.Select(m => contest.Selections[m.Selection].Id.Value))));

    /// <summary>One sampled ballot's discrepancy in a ranked-choice contest, in votes: twice the largest overstatement
    /// ω = A(CVR) − A(paper) over the contest's assertions (2 for a ballot not found; negative for understatements only).</summary>
    public static int Discrepancy(AuditState state, AuditedContest contest, AuditRound round, SampledBallot ballot,
        IReadOnlyDictionary<string, ImmutableArray<ContestMarks>> marks, ElectionIndex index)
    {
        var draws = Draws(contest with { Targeted = false }, [round with { Sample = round.Sample with { Ballots = [ballot] } }], marks, index);
        if (draws.Count == 0)
        {
            return 0;
        }

        var assertions = state.RaireAssertions[contest.Contest].Assertions.Select(a => RaireAuditMath.ToAssertion(contest.Contest, a)).ToList();
        return assertions.Count == 0 ? 0 : (int)Math.Round(2 * assertions.Max(a => RaireAuditMath.Overstatement(contest.Contest, a, draws[0])));
    }

    /// <summary>The report's RAIRE ASSERTIONS section: every assertion with its margin, and its risk after each round.</summary>
    public static (string Title, string[] Header, List<string[]> Rows) ReportSection(AuditState state)
    {
        var c = CultureInfo.InvariantCulture;
        var rows = new List<string[]>();
        foreach (var g in state.RaireAssertions.Values.OrderBy(g => g.Contest, StringComparer.Ordinal))
        {
            var measured = state.RaireMeasurements.Where(m => m.Contest == g.Contest).ToList();
            for (var i = 0; i < g.Assertions.Length; i++)
            {
                var a = g.Assertions[i];
                string[] head = [g.Contest, g.Winner, a.Kind, a.Winner, a.Loser, string.Join("; ", a.Continuing), a.Margin];
                if (measured.Count == 0)
                {
                    rows.Add([.. head, "", "", "", ""]);
                }

                foreach (var m in measured)
                {
                    var r = m.Assertions[i];
                    rows.Add([.. head, m.Round.ToString(c), r.PValue, r.RiskLimitMet ? "Yes" : "No",
                        $"{r.Overstatements1.ToString(c)}, {r.Overstatements2.ToString(c)}, {r.Understatements1.ToString(c)}, {r.Understatements2.ToString(c)}"]);
                }
            }
        }

        return ("RAIRE ASSERTIONS", ["Contest Id", "IRV Winner", "Assertion", "Winner", "Loser", "Continuing", "Margin", "Round", "P-Value", "Risk Limit Met?", "Discrepancies (o1, o2, u1, u2)"], rows);
    }

    /// <summary>The assertions of every ranked-choice contest, with their latest measured risk, for status and report.</summary>
    public static IReadOnlyList<RankedChoiceContestSummary> Summaries(AuditState state) =>
        [.. state.RaireAssertions.Values.OrderBy(g => g.Contest, StringComparer.Ordinal).Select(g =>
        {
            var latest = state.RaireMeasurements.LastOrDefault(m => m.Contest == g.Contest);
            return new RankedChoiceContestSummary(g.Contest, g.Winner, g.Cvrs, latest?.Round,
                [.. g.Assertions.Select((a, i) => new RankedChoiceAssertionSummary(a.Kind, a.Winner, a.Loser, a.Continuing, a.Describe(),
                    double.Parse(a.Margin, CultureInfo.InvariantCulture), latest is null ? null : double.Parse(latest.Assertions[i].PValue, CultureInfo.InvariantCulture),
                    latest?.Assertions[i].RiskLimitMet, latest?.Assertions[i].Overstatements1, latest?.Assertions[i].Overstatements2,
                    latest?.Assertions[i].Understatements1, latest?.Assertions[i].Understatements2))]);
        })];

    /// <summary>Prints the assertions under a status listing.</summary>
    public static void Print(Output output, IReadOnlyList<RankedChoiceContestSummary> contests)
    {
        var c = CultureInfo.InvariantCulture;
        foreach (var contest in contests)
        {
            output.Line($"  {contest.Contest}: IRV winner {contest.Winner}, {Quantity.Of(contest.Assertions.Count, "RAIRE assertion")}{(contest.Round is { } r ? $", risk as of round {r.ToString(c)}" : "")}:");
            foreach (var a in contest.Assertions)
            {
                output.Line($"    {a.Text,-40} margin {a.Margin.ToString("0.0000", c)}{(a.Risk is { } p ? $"  risk {p.ToString("0.0000", c)} {(a.RiskLimitMet == true ? "(met)" : "(not met)")}" : "")}");
            }
        }
    }
}

/// <summary>A ranked-choice contest's RAIRE assertions in <c>canvass audit status --json</c>.</summary>
internal sealed record RankedChoiceContestSummary(string Contest, string Winner, long Cvrs, int? Round, IReadOnlyList<RankedChoiceAssertionSummary> Assertions);

/// <summary>One assertion, with its latest measured risk (null before a round closes).</summary>
internal sealed record RankedChoiceAssertionSummary(
    string Kind, string Winner, string Loser, IReadOnlyList<string> Continuing, string Text, double Margin, double? Risk, bool? RiskLimitMet,
    int? Overstatements1, int? Overstatements2, int? Understatements1, int? Understatements2);
