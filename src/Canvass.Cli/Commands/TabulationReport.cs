using Canvass.Cli.Common;
using Canvass.Domain;
using Canvass.Domain.Elections;
using Canvass.Domain.Rcv;
using Canvass.Domain.Tabulation;

namespace Canvass.Cli.Commands;

/// <summary>What <c>canvass tabulate --json</c> prints.</summary>
internal sealed record TabulationReport(long BallotsCounted, string? By, IReadOnlyList<ContestReport> Contests)
{
    public static TabulationReport From(ElectionDefinition election, ElectionTabulation tabulation, string? contestFilter, string? by)
    {
        var contests = new List<ContestReport>();
        for (var i = 0; i < election.Contests.Length; i++)
        {
            var contest = election.Contests[i];
            if (contestFilter is not null && !string.Equals(contest.Id.Value, contestFilter, StringComparison.Ordinal))
            {
                continue;
            }

            var result = tabulation.Contests[i];
            var valid = result.Votes.Sum();
            var selections = contest.Selections
                .Select((s, k) => new SelectionReport(s.Id.Value, s.Text, result.Votes[k], valid == 0 ? 0 : Math.Round(100.0 * result.Votes[k] / valid, 2)))
                .ToList();
            contests.Add(new ContestReport(
                contest.Id.Value,
                contest.Name,
                JsonNames.Of(contest.Kind),
                JsonNames.Of(contest.VoteVariation),
                contest.VotesAllowed,
                contest.NumberElected,
                result.BallotsCast,
                result.Overvotes,
                result.Undervotes,
                selections,
                [.. result.Winners.Select(w => w.Value)],
                result.TieForLastPlace,
                result.Passed,
                by is null ? null : Breakdown(election, result, by),
                result.Rounds is null ? null : Rounds(contest, result.Rounds),
                result.Rounds is { IsSuccess: false } stopped ? [.. stopped.Problems] : null,
                Domain.Electoral.ElectoralContests.IsNational(contest) ? Domain.Electoral.ElectoralContests.ElectoralCollegeVariation : null,
                result.BallotsCast is null ? Known(election, result) : null,
                result.IgnoredRollUps.IsDefaultOrEmpty ? null : [.. result.IgnoredRollUps.Select(r => r.Message)]));
        }

        return new TabulationReport(tabulation.BallotsCounted, by, contests);
    }

    /// <summary>Every round of every pass, numbered from 1 across passes; tallies keyed by selection id.</summary>
    private static List<RoundReport> Rounds(Contest contest, RcvResult result)
    {
        var names = RankedChoiceRounds.CandidateNames(contest);
        string IdOf(string name) => names.IndexOf(name) is var k and >= 0 ? contest.Selections[k].Id.Value : name;
        var rounds = new List<RoundReport>();
        foreach (var pass in result.Passes)
        {
            foreach (var round in pass.Rounds)
            {
                var tallies = new Dictionary<string, decimal>(StringComparer.Ordinal);
                foreach (var (name, votes) in round.Tally)
                {
                    tallies[IdOf(name)] = votes;
                }

                rounds.Add(new RoundReport(
                    rounds.Count + 1,
                    pass.Number,
                    round.Threshold,
                    tallies,
                    [.. round.Decisions.Where(d => d.Elected).Select(d => IdOf(d.Candidate))],
                    [.. round.Decisions.Where(d => !d.Elected).Select(d => IdOf(d.Candidate))],
                    round.Inactive.Total));
            }
        }

        return rounds;
    }

    /// <summary>Ballots, overvotes and undervotes, each summed over the units that know it, and the counties that reported
    /// votes only, for a contest whose own counts are null because some county sent totals without them.</summary>
    private static KnownCounts Known(ElectionDefinition election, ContestResult result)
    {
        // By unit: a unit that gave its overvotes and undervotes for the whole unit (not by vote method) knows them. Each
        // count on its own: one unit that reported its overvotes but not its ballots (an OpenElections "Over Votes" row)
        // made the ballots and undervotes of every county that counted them unknown.
        var units = result.Units.GroupBy(u => u.Unit).Select(g => (g.First().County, Counts: Sum(g))).ToList();
        static bool Knows((long? Ballots, long? Overvotes, long? Undervotes) c) => c.Ballots is not null || c.Overvotes is not null || c.Undervotes is not null;
        static long? Total(IEnumerable<long?> counts) =>
            counts.Aggregate((long?)null, (total, count) => count is { } n ? checked((total ?? 0) + n) : total);
        var names = election.GpUnits.ToDictionary(u => u.Id, u => u.Name);
        return new KnownCounts(
            Total(units.Select(u => u.Counts.Ballots)),
            Total(units.Select(u => u.Counts.Overvotes)),
            Total(units.Select(u => u.Counts.Undervotes)),
            [.. units.Where(u => !Knows(u.Counts)).Select(u => u.County).Distinct().Order()
                .Select(id => new UnitName(id.Value, names.GetValueOrDefault(id, id.Value)))]);
    }

    /// <summary>Ballots, overvotes and undervotes over <paramref name="cells"/>; each null when some cell does not know it.</summary>
    private static (long? Ballots, long? Overvotes, long? Undervotes) Sum(IEnumerable<UnitCounts> cells) => Tabulator.Known(cells);

    private static List<BreakdownRow> Breakdown(ElectionDefinition election, ContestResult result, string by)
    {
        var names = election.GpUnits.ToDictionary(u => u.Id, u => u.Name);
        var groups = result.Units.GroupBy(u => by switch
        {
            "county" => u.County.Value,
            "precinct" => u.Unit.Value,
            _ => u.Method.ToNistName(),
        }, StringComparer.Ordinal);
        var rows = new List<BreakdownRow>();
        foreach (var g in groups.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var votes = new long[result.Votes.Length];
            foreach (var cell in g)
            {
                for (var k = 0; k < votes.Length; k++)
                {
                    votes[k] = checked(votes[k] + cell.Votes[k]);
                }
            }

            var (ballots, over, under) = Sum(g);
            var name = by == "vote-method" ? g.Key : names.GetValueOrDefault(new GpUnitId(g.Key), g.Key);
            rows.Add(new BreakdownRow(g.Key, name, votes, ballots, over, under));
        }

        return rows;
    }
}

internal sealed record ContestReport(
    string Id,
    string Name,
    string Kind,
    string VoteVariation,
    int VotesAllowed,
    int NumberElected,
    long? BallotsCast,
    long? Overvotes,
    long? Undervotes,
    IReadOnlyList<SelectionReport> Selections,
    IReadOnlyList<string> Winners,
    bool TieForLastPlace,
    bool? Passed,
    IReadOnlyList<BreakdownRow>? Breakdown,
    IReadOnlyList<RoundReport>? Rounds,
    IReadOnlyList<Problem>? RoundProblems,
    string? DecidedBy = null,
    KnownCounts? KnownCounts = null,
    IReadOnlyList<string>? IgnoredRollUps = null);

/// <summary>For a contest whose <see cref="ContestReport.BallotsCast"/> is null: the ballots, overvotes and undervotes of
/// the counties that counted them (from ballots, or reported; null when none did), and the counties that reported votes
/// only.</summary>
internal sealed record KnownCounts(long? BallotsCast, long? Overvotes, long? Undervotes, IReadOnlyList<UnitName> VotesOnly);

internal sealed record UnitName(string Id, string Name);

/// <summary>One ranked-choice round: <see cref="Number"/> from 1 (consecutive across the passes of multi-pass IRV), votes
/// per continuing selection id, the selections elected and eliminated in it, and the inactive (exhausted) ballots so far.</summary>
internal sealed record RoundReport(
    int Number,
    int Pass,
    decimal Threshold,
    IReadOnlyDictionary<string, decimal> Tallies,
    IReadOnlyList<string> Elected,
    IReadOnlyList<string> Eliminated,
    decimal InactiveBallots);

internal sealed record SelectionReport(string Id, string Name, long Votes, double Percent);

internal sealed record BreakdownRow(string Key, string Name, IReadOnlyList<long> Votes, long? BallotsCast, long? Overvotes, long? Undervotes);
