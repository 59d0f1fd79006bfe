using System.Collections.Immutable;
using System.Globalization;
using Canvass.Audit.Workflow;
using Canvass.Cli.Commands;
using Canvass.Cli.Common;
using Canvass.Cli.Imports;
using Canvass.Domain;
using Canvass.Domain.Audits;
using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;
using Canvass.Domain.Events;
using Canvass.Domain.Tabulation;
using Canvass.Storage;
using nietras.SeparatedValues;

namespace Canvass.Cli.Audit;

/// <summary>The hybrid (SUITE) parts of the audit commands: the strata at creation, the options and the two-stratum
/// draw, the retrieval lists, closing a round, the strata in the status and the report, and the re-draw
/// <c>canvass verify</c> checks. The arithmetic is <see cref="HybridAuditMath"/>.</summary>
/// <remarks>A contest's CVR stratum is the manifest ballots of its counties with committed CVRs, its non-CVR stratum
/// those of its counties that reported aggregated results only (the manifest's optional <c>CVR</c> column is not used:
/// Canvass knows from the committed inputs which counties have CVRs).</remarks>
internal static class HybridAudit
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The strata of every audited contest, from the tabulation: CVR-stratum votes tabulated from the committed
    /// CVRs, non-CVR-stratum votes from the counties' reported results. Problems (Arlo's refusals, and a contest without
    /// ballots in both strata) are added to <paramref name="problems"/>.</summary>
    public static ImmutableArray<ReportedStratum> ReportStrata(
        AuditState state, ElectionTabulation tabulation, IReadOnlyList<AuditedContest> contests, List<Problem> problems)
    {
        var result = ImmutableArray.CreateBuilder<ReportedStratum>();
        foreach (var contest in contests)
        {
            var units = tabulation.Contests.First(r => r.ContestId.Value == contest.Contest).Units
                .Where(u => contest.Counties.Contains(u.County.Value))
                .ToList();
            ImmutableArray<string> CountiesFrom(CountSource source) =>
                [.. units.Where(u => u.Source == source).Select(u => u.County.Value).Distinct().Order(StringComparer.Ordinal)];
            var cvrCounties = CountiesFrom(CountSource.CastVoteRecords);
            var nonCvrCounties = CountiesFrom(CountSource.ReportedResults);
            var mixed = nonCvrCounties.Where(state.CvrCounties.Contains).ToList();
            if (mixed.Count > 0)
            {
                problems.Add(new Problem(ProblemCodes.Inconsistent,
                    $"Contest {contest.Contest}: {string.Join(", ", mixed)} committed CVRs, but its votes in this contest are reported totals; a hybrid audit's CVR stratum compares each ballot with a CVR that carries the contest.",
                    Path: "--contest"));
                continue;
            }

            var cvr = Stratum(state, contest, HybridStrata.Cvr, cvrCounties, units);
            var nonCvr = Stratum(state, contest, HybridStrata.NonCvr, nonCvrCounties, units);
            var counties = string.Join(", ", contest.Counties);
            if (cvr.Ballots == 0)
            {
                problems.Add(new Problem(ProblemCodes.Inconsistent,
                    $"Contest {contest.Contest} has no CVR stratum: none of its counties ({counties}) has committed CVRs (or their manifests hold no ballots). A hybrid audit needs ballots with CVRs and ballots without; audit this contest by ballot polling (--type ballot-polling).",
                    Path: "--contest"));
            }

            if (nonCvr.Ballots == 0)
            {
                problems.Add(new Problem(ProblemCodes.Inconsistent,
                    $"Contest {contest.Contest} has no non-CVR stratum: every county of it ({counties}) has committed CVRs (or the others' manifests hold no ballots). A hybrid audit needs ballots with CVRs and ballots without; audit this contest by ballot comparison (--type ballot-comparison).",
                    Path: "--contest"));
            }

            // Arlo's validate_hybrid_manifests_and_cvrs: the votes must fit the manifests' ballots. 'audit create' has held
            // each county to it already; here it is what 'verify' holds a logged hybrid audit to.
            if (AuditContests.VotesBeyondBallots(contest, "its votes", contest.Choices.Sum(c => c.Votes), "its manifests'", contest.Ballots) is { } total)
            {
                problems.Add(total);
            }

            if (nonCvr.Ballots > 0
                && AuditContests.VotesBeyondBallots(contest, $"the non-CVR stratum's reported votes ({string.Join(", ", nonCvr.Counties)})", nonCvr.Votes.Sum(v => v.Votes), "its manifests'", nonCvr.Ballots) is { } stratum)
            {
                problems.Add(stratum);
            }

            result.Add(cvr);
            result.Add(nonCvr);
        }

        return result.ToImmutable();
    }

    private static ReportedStratum Stratum(AuditState state, AuditedContest contest, string name, ImmutableArray<string> counties, List<UnitCounts> units)
    {
        var votes = new long[contest.Choices.Length];
        foreach (var u in units.Where(u => counties.Contains(u.County.Value)))
        {
            for (var i = 0; i < votes.Length; i++)
            {
                votes[i] = checked(votes[i] + u.Votes[i]);
            }
        }

        return new ReportedStratum(contest.Contest, name, counties, state.BatchesOf(counties).Sum(b => (long)b.Ballots),
            [.. contest.Choices.Select((c, i) => new ReportedChoice(c.Selection, votes[i]))]);
    }

    /// <summary>What was measured of a contest over the given rounds, stratum by stratum: each distinct sampled ballot
    /// once, with its draws for the contest (targeted) or 1 (opportunistic), its latest reading and its CVR's marks.</summary>
    public static HybridContestSample Sample(
        AuditState state, AuditedContest contest, IEnumerable<AuditRound> rounds, IReadOnlyDictionary<string, ImmutableArray<ContestMarks>> cvrMarks, ElectionIndex index)
    {
        var (cvr, nonCvr) = HybridAuditMath.StrataOf(state, contest.Contest);
        index.TryGetContest(new ContestId(contest.Contest), out int position);
        var selections = index.Definition.Contests[position].Selections;
        var seen = new Dictionary<BallotKey, MeasuredBallot>();
        var order = new List<(BallotKey Key, bool InCvrStratum)>();
        foreach (var round in rounds)
        {
            foreach (var ballot in round.Sample.Ballots)
            {
                var inCvr = cvr.Counties.Contains(ballot.County);
                if (!inCvr && !nonCvr.Counties.Contains(ballot.County))
                {
                    continue;
                }

                var draws = contest.Targeted ? ballot.Draws.Count(d => d.Contest == contest.Contest) : 1;
                if (draws == 0)
                {
                    continue;
                }

                var key = AuditRound.Key(ballot);
                round.Interpretations.TryGetValue(key, out var reading);
                var reported = AuditMeasurement.Reported(ballot, cvrMarks, position, selections);
                if (seen.TryGetValue(key, out var earlier))
                {
                    seen[key] = earlier with
                    {
                        Draws = contest.Targeted ? earlier.Draws + draws : 1,
                        NotFound = reading?.NotFound ?? earlier.NotFound,
                        Audited = reading is null ? earlier.Audited : reading.Contests.FirstOrDefault(c => c.Contest == contest.Contest),
                    };
                    continue;
                }

                seen[key] = new MeasuredBallot(round.Number, draws, reading?.NotFound ?? false, reading?.Contests.FirstOrDefault(c => c.Contest == contest.Contest), reported);
                order.Add((key, inCvr));
            }
        }

        return new HybridContestSample(cvr, nonCvr,
            [.. order.Where(o => o.InCvrStratum).Select(o => seen[o.Key])],
            [.. order.Where(o => !o.InCvrStratum).Select(o => seen[o.Key])]);
    }

    /// <summary><c>canvass audit options</c> in a hybrid audit: per targeted contest still short of the risk limit,
    /// <c>suite</c> and <c>all-ballots</c> with their per-stratum sizes.</summary>
    public static async Task<AuditOptionsReport> OptionsAsync(ElectionSession session, AuditState state, CancellationToken ct)
    {
        var audit = state.Audit!;
        var closed = state.Rounds.Where(r => r.Closed is not null).ToList();
        var marks = await AuditMeasurement.CvrMarksAsync(session, closed, ct);
        var met = closed.Count > 0 ? closed[^1].Closed!.Contests.Where(o => o.RiskLimitMet).Select(o => o.Contest).ToHashSet(StringComparer.Ordinal) : [];
        var contests = new List<ContestOptions>();
        foreach (var contest in audit.Contests.Where(c => c.Targeted && !met.Contains(c.Contest)))
        {
            var sample = Sample(state, contest, closed, marks, session.Index);
            contests.Add(new ContestOptions(contest.Contest, AuditMeasurement.DrawsFor(contest.Contest, closed),
                [.. HybridAuditMath.Options(audit.RiskLimit, contest, sample)]));
        }

        return new AuditOptionsReport(state.Rounds.Length + (state.OpenRound is null ? 1 : 0), contests);
    }

    /// <summary><c>canvass audit sample</c> in a hybrid audit: chooses each contest's per-stratum sizes, draws both
    /// strata, proves every CVR-stratum ballot's CVR, and logs <see cref="AuditSampleDrawn"/> then
    /// <see cref="HybridStrataDrawn"/>.</summary>
    public static async Task<int> SampleAsync(
        Output output, ElectionSession session, AuditState state, AuditOptionsReport options, string? optionId, string[] sizeTexts, CancellationToken ct)
    {
        var (sizes, problems) = Choose(state, options, optionId, sizeTexts);
        if (problems.Count > 0)
        {
            return output.Problems("The sample sizes are not valid; nothing was drawn.", problems);
        }

        if (await SampleDrawer.DrawAndProveAsync(output, session, state, () => HybridAuditMath.Draw(state, sizes, state.Rounds), ct) is not { } proven)
        {
            return ExitCodes.Failed;
        }

        var audit = state.Audit!;
        var round = state.Rounds.Length + 1;
        var drawnEvent = new AuditSampleDrawn(audit.AuditId, round, [.. sizes.Select(s => new SampleSize(s.Contest, s.Option, s.Cvr + s.NonCvr))], proven);
        var strataEvent = new HybridStrataDrawn(audit.AuditId, round, [.. sizes]);
        await session.Store.AppendAsync(Streams.Election, session.State.Version, [drawnEvent, strataEvent], null, ct);
        var inCvr = proven.Where(b => HybridAuditMath.StratumOf(state, b.County) == HybridStrata.Cvr).ToList();
        var report = new AuditHybridSampleReport(round, sizes, proven.Length, proven.Sum(b => b.Draws.Length),
            inCvr.Sum(b => b.Draws.Length), proven.Length - inCvr.Count, proven.Count(b => b.BallotId is not null), proven);
        if (output.Json)
        {
            output.WriteJson(report, CliJsonContext.Default.AuditHybridSampleReport);
            return ExitCodes.Ok;
        }

        output.Line($"Round {round.ToString(C)}: {Quantity.Of(report.Ballots, "ballot")} ({Quantity.Of(report.Draws, "draw")}) with seed {state.Seed}");
        foreach (var s in sizes)
        {
            output.Line($"  {s.Contest}: {s.Cvr.ToString("N0", C)} CVR-stratum draws (with replacement) + {s.NonCvr.ToString("N0", C)} non-CVR-stratum draws (without) ({s.Option})");
        }

        output.Line($"  {report.CvrsProven.ToString("N0", C)} sampled CVRs proven against their import's commitment; {report.NonCvrBallots.ToString("N0", C)} non-CVR ballots to tally");
        output.Line("Next: canvass audit retrieval-list --out DIR");
        return ExitCodes.Ok;
    }

    /// <summary>The sizes to draw: <c>--size CVR+NONCVR</c> (every contest) or <c>--size CONTEST=CVR+NONCVR</c>, else the
    /// option named by <c>--option</c> (default: the first offered). A custom size may not exceed, in either stratum,
    /// the stratum's ballots less the contest's draws there so far (in round 1, Arlo's bound).</summary>
    private static (List<HybridSampleSize> Sizes, List<Problem> Problems) Choose(AuditState state, AuditOptionsReport options, string? optionId, string[] sizeTexts)
    {
        var problems = new List<Problem>();
        var custom = new Dictionary<string, (int Cvr, int NonCvr)>(StringComparer.Ordinal);
        (int Cvr, int NonCvr)? everyContest = null;
        foreach (var s in sizeTexts)
        {
            var eq = s.IndexOf('=', StringComparison.Ordinal);
            var text = eq < 0 ? s : s[(eq + 1)..];
            var parts = text.Split('+');
            if (parts.Length != 2
                || !int.TryParse(parts[0].Trim(), NumberStyles.None, C, out var cvr)
                || !int.TryParse(parts[1].Trim(), NumberStyles.None, C, out var nonCvr)
                || cvr + nonCvr < 1)
            {
                problems.Add(new Problem(ProblemCodes.BadCount,
                    $"'{s}' is not a hybrid sample size: give CVR+NONCVR, the whole numbers of new draws from the CVR and the non-CVR stratum (e.g. 12+8), at least one in all.",
                    Path: "--size"));
                continue;
            }

            if (eq < 0)
            {
                everyContest = (cvr, nonCvr);
            }
            else if (options.Contests.All(c => c.Contest != s[..eq]))
            {
                problems.Add(new Problem(ProblemCodes.UnknownReference, $"'{s[..eq]}' is not a targeted contest that needs ballots this round ({string.Join(", ", options.Contests.Select(c => c.Contest))}).", Path: "--size"));
            }
            else
            {
                custom[s[..eq]] = (cvr, nonCvr);
            }
        }

        var chosen = new List<HybridSampleSize>();
        foreach (var contest in options.Contests)
        {
            if (custom.TryGetValue(contest.Contest, out var n) || everyContest is { } all && (n = all) != default)
            {
                var (cvr, nonCvr) = HybridAuditMath.StrataOf(state, contest.Contest);
                var cvrDrawn = HybridAuditMath.DrawsIn(contest.Contest, cvr.Counties, state.Rounds);
                var restNonCvr = nonCvr.Ballots - HybridAuditMath.DrawsIn(contest.Contest, nonCvr.Counties, state.Rounds);
                if (n.Cvr > cvr.Ballots - cvrDrawn)
                {
                    // SUITE counts a stratum drawn as many times as it has ballots as counted in full: more draws add nothing.
                    problems.Add(new Problem(ProblemCodes.BadCount,
                        $"Contest {contest.Contest}: {n.Cvr.ToString(C)} CVR-stratum draws is more than the stratum's {cvr.Ballots.ToString(C)} ballots"
                        + (cvrDrawn > 0 ? $" less the {cvrDrawn.ToString(C)} draws made so far." : "."), Path: "--size"));
                }

                if (n.NonCvr > restNonCvr)
                {
                    problems.Add(new Problem(ProblemCodes.BadCount,
                        $"Contest {contest.Contest}: {n.NonCvr.ToString(C)} non-CVR-stratum draws is more than the stratum's {restNonCvr.ToString(C)} ballots not yet drawn (it is sampled without replacement).", Path: "--size"));
                }

                chosen.Add(new HybridSampleSize(contest.Contest, "custom", n.Cvr, n.NonCvr));
                continue;
            }

            if (contest.Options.Count == 0)
            {
                // The sample already meets the risk limit, or covers every ballot: nothing more to draw for it.
                continue;
            }

            if (contest.Pick(optionId, problems) is not { } pick)
            {
                continue;
            }

            chosen.Add(new HybridSampleSize(contest.Contest, pick.Id, pick.SizeCvr ?? 0, pick.SizeNonCvr ?? 0));
        }

        if (chosen.Count == 0 && problems.Count == 0)
        {
            problems.Add(new Problem(ProblemCodes.Inconsistent, "No targeted contest needs more ballots; close the audit's round or see 'canvass audit status'."));
        }

        return (chosen, problems);
    }

    /// <summary>Closes a hybrid round: every contest measured with SUITE over the rounds so far; <c>complete</c> when
    /// every targeted contest met the risk limit, <c>full-hand-count</c> when one that did not has been drawn as many
    /// times as its frame has ballots (Arlo's full-hand-tally threshold), else <c>next-round</c>.</summary>
    public static AuditRoundClosed Close(AuditState state, AuditRound open, IReadOnlyDictionary<string, ImmutableArray<ContestMarks>> marks, ElectionIndex index)
    {
        var audit = state.Audit!;
        var rounds = state.Rounds.Take(open.Number).ToList();
        var outcomes = audit.Contests.Select(c => HybridAuditMath.Measure(audit.RiskLimit, c, Sample(state, c, rounds, marks, index))).ToList();
        var unmet = outcomes.Where(o => o.Targeted && !o.RiskLimitMet).ToList();
        var decision = unmet.Count == 0 ? RoundDecisions.Complete
            : unmet.Any(o => o.Draws >= audit.Contests.First(c => c.Contest == o.Contest).Ballots) ? RoundDecisions.FullHandCount
            : RoundDecisions.NextRound;
        return new AuditRoundClosed(audit.AuditId, open.Number, [.. outcomes], decision);
    }

    /// <summary>One CSV per county of the round's ballots, as for the other ballot audits plus a <c>Stratum</c> column
    /// (<c>CVR</c>: compare with the CVR whose imprinted id is given; <c>non-CVR</c>: tally the paper).</summary>
    public static List<RetrievalListFile> WriteRetrievalLists(AuditState state, int number, string directory)
    {
        string[] columns = [.. AuditRetrievalListCommand.Columns, "Stratum"];
        var round = state.Rounds[number - 1];
        var earlier = state.Rounds.Take(number - 1).SelectMany(r => r.Sample.Ballots).Select(AuditRound.Key).ToHashSet();
        var files = new List<RetrievalListFile>();
        foreach (var county in round.Sample.Ballots.GroupBy(b => b.County).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var stratum = HybridAuditMath.StratumOf(state, county.Key) == HybridStrata.Cvr ? "CVR" : "non-CVR";
            var path = Path.Combine(directory, $"retrieval-list-round-{number.ToString(C)}-{county.Key}.csv");
            using (var writer = Sep.Writer(o => o with { Sep = new Sep(','), Escape = true }).ToFile(path))
            {
                foreach (var b in county.OrderBy(b => b.Container, StringComparer.Ordinal).ThenBy(b => b.Tabulator, StringComparer.Ordinal)
                    .ThenBy(b => b.Batch, StringComparer.Ordinal).ThenBy(b => b.Position))
                {
                    using var row = writer.NewRow();
                    row[columns[0]].Set(b.Container ?? "");
                    row[columns[1]].Set(b.Tabulator ?? "");
                    row[columns[2]].Set(b.Batch);
                    row[columns[3]].Set(b.Position.ToString(C));
                    row[columns[4]].Set(b.BallotId ?? "");
                    row[columns[5]].Set(string.Join("; ", b.Draws.Select(d => $"{d.Contest}: {d.Ticket}")));
                    row[columns[6]].Set(earlier.Contains(AuditRound.Key(b)) ? "Yes" : "No");
                    row[columns[7]].Set(stratum);
                }
            }

            files.Add(new RetrievalListFile(county.Key, county.Count(), path));
        }

        return files;
    }

    /// <summary>The strata as <c>canvass audit status</c> shows them, with the draws made in each stratum per round.</summary>
    public static IReadOnlyList<HybridStratumSummary> Summaries(AuditState state) =>
        [.. state.HybridStrata.Select(s => new HybridStratumSummary(s.Contest, s.Stratum,
            s.Stratum == HybridStrata.Cvr ? "with replacement, compared with CVRs" : "without replacement, tallied",
            s.Counties, s.Ballots, s.Votes,
            [.. state.Rounds.Select(r => HybridAuditMath.DrawsIn(s.Contest, s.Counties, [r]))]))];

    /// <summary>Prints the strata under <c>canvass audit status</c>'s contests.</summary>
    public static void Print(Output output, IReadOnlyList<HybridStratumSummary> strata)
    {
        foreach (var s in strata)
        {
            output.Line($"    {s.Contest} {s.Stratum} stratum ({s.Sampling}): {s.Ballots.ToString("N0", C)} ballots in {string.Join(", ", s.Counties)}; reported {string.Join(", ", s.Votes.Select(v => $"{v.Selection} {v.Votes.ToString(C)}"))}"
                + (s.DrawsByRound.Count == 0 ? "" : $"; draws by round {string.Join(", ", s.DrawsByRound.Select(d => d.ToString(C)))}"));
        }
    }

    /// <summary>The report's HYBRID STRATA section: per contest, stratum and round, the stratum's ballots and reported
    /// votes, the round's and the cumulative draws, and what was measured there (the non-CVR stratum's audited votes, the
    /// CVR stratum's discrepancies counted per draw).</summary>
    public static (string Title, string[] Header, List<string[]> Rows) ReportSection(
        AuditState state, ElectionIndex index, IReadOnlyDictionary<string, ImmutableArray<ContestMarks>> marks)
    {
        var rows = new List<string[]>();
        foreach (var contest in state.Audit!.Contests)
        {
            var name = index.Definition.Contests.FirstOrDefault(c => c.Id.Value == contest.Contest)?.Name ?? contest.Contest;
            foreach (var s in state.HybridStrata.Where(s => s.Contest == contest.Contest))
            {
                var isCvr = s.Stratum == HybridStrata.Cvr;
                string[] Row(string round, string draws, string cumulative, string measured) =>
                [
                    name, s.Stratum, isCvr ? "with replacement (compared with CVRs)" : "without replacement (tallied)", string.Join("; ", s.Counties),
                    s.Ballots.ToString(C), string.Join("; ", s.Votes.Select(v => $"{v.Selection}: {v.Votes.ToString(C)}")), round, draws, cumulative, measured,
                ];
                if (state.Rounds.IsEmpty)
                {
                    rows.Add(Row("", "", "", ""));
                }

                for (var r = 1; r <= state.Rounds.Length; r++)
                {
                    var sample = Sample(state, contest, state.Rounds.Take(r), marks, index);
                    var ballots = isCvr ? sample.CvrBallots : sample.NonCvrBallots;
                    var thisRound = HybridAuditMath.DrawsIn(contest.Contest, s.Counties, [state.Rounds[r - 1]]);
                    var measured = "";
                    if (state.Rounds[r - 1].Closed is not null && isCvr)
                    {
                        var d = HybridAuditMath.CvrDiscrepancies(contest, ballots);
                        measured = $"o1 {d.OneVoteOverstatements.ToString(C)}, o2 {d.TwoVoteOverstatements.ToString(C)}, u1 {d.OneVoteUnderstatements.ToString(C)}, u2 {d.TwoVoteUnderstatements.ToString(C)}";
                    }
                    else if (state.Rounds[r - 1].Closed is not null)
                    {
                        measured = string.Join("; ", HybridAuditMath.NonCvrVotes(contest, ballots).Select(v => $"{v.Selection}: {v.Votes.ToString(C)}"));
                    }

                    rows.Add(Row(r.ToString(C), (contest.Targeted ? thisRound : 0).ToString(C), ballots.Sum(b => (long)b.Draws).ToString(C), measured));
                }
            }
        }

        return ("HYBRID STRATA", ["Contest Name", "Stratum", "Sampling", "Counties", "Ballots", "Reported Votes", "Round", "Round Draws", "Cumulative Draws", "Audited (votes or o1, o2, u1, u2)"], rows);
    }

    /// <summary><c>canvass verify</c>: the round's ballots must be exactly those the public seed gives for the logged
    /// per-stratum sizes, and the round's logged totals their sums. Null when they are.</summary>
    public static string? Check(AuditState state, HybridStrataDrawn drawn)
    {
        if (state.Audit?.AuditType != AuditTypes.Hybrid || state.Seed is null || state.Rounds.Length != drawn.Round || !state.Rounds[^1].HybridSizes.IsEmpty)
        {
            return $"round {drawn.Round.ToString(C)}'s hybrid strata sizes were logged without the round's sample (or in an audit that is not hybrid)";
        }

        var round = state.Rounds[^1];
        var totals = drawn.Sizes.Select(s => (s.Contest, s.Option, Size: s.Cvr + s.NonCvr)).ToList();
        if (!totals.SequenceEqual(round.Sample.Sizes.Select(s => (s.Contest, s.Option, s.Size))))
        {
            return $"round {drawn.Round.ToString(C)}'s per-stratum sizes do not add up to the sizes its sample logged";
        }

        var expected = HybridAuditMath.Draw(state, drawn.Sizes, [.. state.Rounds.Take(drawn.Round - 1)]);
        var logged = round.Sample.Ballots.Select(b => b with { BallotId = null, ImportId = null, IndexInImport = null }).ToList();
        var first = expected.Zip(logged).FirstOrDefault(p => p.First with { Draws = [] } != p.Second with { Draws = [] } || !p.First.Draws.SequenceEqual(p.Second.Draws));
        return expected.Length != logged.Count || first.First is not null
            ? $"round {drawn.Round.ToString(C)}'s sample is not the one the seed gives for its strata: {expected.Length.ToString(C)} ballots re-derived, {logged.Count.ToString(C)} logged"
                + (first.First is null ? "" : $"; first difference at {AuditRound.Key(first.First)}")
            : null;
    }

    /// <summary><c>canvass verify</c>, once every event is read: a hybrid round whose per-stratum sizes were never logged
    /// was not re-derived. Null when there is none.</summary>
    public static string? Unchecked(AuditState state) =>
        state.Audit?.AuditType == AuditTypes.Hybrid && state.Rounds.FirstOrDefault(r => r.HybridSizes.IsEmpty) is { } round
            ? $"round {round.Number.ToString(C)} of the hybrid audit has no per-stratum sizes, so its sample cannot be re-derived"
            : null;
}

/// <summary>The <c>--json</c> of <c>canvass audit sample</c> in a hybrid audit.</summary>
internal sealed record AuditHybridSampleReport(
    int Round, IReadOnlyList<HybridSampleSize> Sizes, int Ballots, int Draws, int CvrDraws, int NonCvrBallots, int CvrsProven, IReadOnlyList<SampledBallot> SampledBallots);

/// <summary>A hybrid audit's stratum in <c>canvass audit status</c>.</summary>
internal sealed record HybridStratumSummary(
    string Contest, string Stratum, string Sampling, IReadOnlyList<string> Counties, long Ballots, IReadOnlyList<ReportedChoice> Votes, IReadOnlyList<long> DrawsByRound);
