using System.Collections.Immutable;
using Canvass.Audit.Workflow;
using Canvass.Cli.Imports;
using Canvass.Domain.Audits;
using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;

namespace Canvass.Cli.Audit;

/// <summary>Gathers, per contest, every sampled ballot with its draws, the board's reading and its CVR's marks.</summary>
internal static class AuditMeasurement
{
    /// <summary>The measured ballots of a contest over the rounds given (closed rounds, plus the open one when closing).</summary>
    public static List<MeasuredBallot> For(
        AuditedContest contest, IEnumerable<AuditRound> rounds, IReadOnlyDictionary<string, ImmutableArray<ContestMarks>> cvrMarks, ElectionIndex index)
    {
        var list = new List<MeasuredBallot>();
        index.TryGetContest(new ContestId(contest.Contest), out int contestPosition);
        var selections = index.Definition.Contests[contestPosition].Selections;
        foreach (var round in rounds)
        {
            foreach (var ballot in round.Sample.Ballots)
            {
                if (!contest.Counties.Contains(ballot.County))
                {
                    continue;
                }

                var draws = contest.Targeted ? ballot.Draws.Count(d => d.Contest == contest.Contest) : ballot.Draws.Length;
                if (draws == 0)
                {
                    continue;
                }

                round.Interpretations.TryGetValue(AuditRound.Key(ballot), out var reading);
                var audited = reading?.Contests.FirstOrDefault(c => c.Contest == contest.Contest);
                list.Add(new MeasuredBallot(round.Number, draws, reading?.NotFound ?? false, audited, Reported(ballot, cvrMarks, contestPosition, selections), AuditRound.Key(ballot)));
            }
        }

        return list;
    }

    /// <summary>The selections (ids) the ballot's CVR marks in the contest at <paramref name="contestPosition"/>; null when
    /// the ballot has no CVR or its CVR does not carry the contest.</summary>
    public static ImmutableArray<string>? Reported(
        SampledBallot ballot, IReadOnlyDictionary<string, ImmutableArray<ContestMarks>> cvrMarks, int contestPosition, ImmutableArray<ContestSelection> selections)
    {
        if (ballot.BallotId is not { } id || !cvrMarks.TryGetValue(id, out var marks))
        {
            return null;
        }

        var m = marks.FirstOrDefault(c => c.Contest == contestPosition);
        return m.Marks.IsDefault ? null : [.. m.Marks.Select(x => selections[x.Selection].Id.Value)];
    }

    /// <summary>The CVR marks of every sampled ballot that has a CVR.</summary>
    public static async Task<Dictionary<string, ImmutableArray<ContestMarks>>> CvrMarksAsync(ElectionSession session, IEnumerable<AuditRound> rounds, CancellationToken ct)
    {
        var result = new Dictionary<string, ImmutableArray<ContestMarks>>(StringComparer.Ordinal);
        foreach (var id in rounds.SelectMany(r => r.Sample.Ballots).Select(b => b.BallotId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (await session.Store.FindBallotAsync(id, ct) is { } location)
            {
                result[id] = BallotEncoding.DecodeMarks(location.Ballot.Marks, session.Index);
            }
        }

        return result;
    }

    /// <summary>Draws made for a targeted contest in the given rounds.</summary>
    public static long DrawsFor(string contest, IEnumerable<AuditRound> rounds) =>
        rounds.SelectMany(r => r.Sample.Ballots).Sum(b => (long)b.Draws.Count(d => d.Contest == contest));
}
