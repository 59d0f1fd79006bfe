using System.Collections.Immutable;
using Canvass.Cli.Imports;
using Canvass.Domain;
using Canvass.Domain.Elections;
using Canvass.Domain.Electoral;
using Canvass.Domain.Facts;
using Canvass.Domain.Tabulation;
using Canvass.Formats.Electoral;
using Canvass.Storage;

namespace Canvass.Cli.Electoral;

/// <summary>The Electoral College over a store: which contest, which rules, each unit's outcome from the tabulation,
/// the pledged allocation, and the cast votes when given.</summary>
internal static class ElectoralRollUp
{
    /// <summary>The national contest: the one named, or the election's only Electoral College contest.</summary>
    public static Result<ContestId> FindContest(ElectionDefinition definition, string? named)
    {
        var national = definition.Contests.Where(ElectoralContests.IsNational).Select(c => c.Id).ToList();
        if (named is not null)
        {
            return national.Contains(new ContestId(named))
                ? Result<ContestId>.Success(new ContestId(named))
                : Result<ContestId>.Failure(new Problem(ProblemCodes.UnknownReference,
                    $"'{named}' is not an Electoral College contest of this election{(national.Count > 0 ? "; it has " + string.Join(", ", national) : "")}."));
        }

        return national.Count switch
        {
            1 => Result<ContestId>.Success(national[0]),
            0 => Result<ContestId>.Failure(new Problem(ProblemCodes.UnknownReference,
                $"This election has no Electoral College contest (a contest with VoteVariation other, OtherVoteVariation '{ElectoralContests.ElectoralCollegeVariation}').")),
            _ => Result<ContestId>.Failure(new Problem(ProblemCodes.BadValue,
                $"This election has several Electoral College contests; name one with --contest: {string.Join(", ", national)}.")),
        };
    }

    /// <summary>The pledged allocation from the tabulation.</summary>
    public static Result<ElectoralAllocation> Allocate(ElectoralCollegeRules rules, ElectionDefinition definition, ContestId contest, ElectionTabulation tabulation)
    {
        var outcomes = ElectoralContests.Outcomes(rules, definition, contest, tabulation);
        return outcomes.IsSuccess
            ? Result<ElectoralAllocation>.Success(ElectoralCollege.Allocate(rules, outcomes.Value))
            : Result<ElectoralAllocation>.Failure(outcomes.Problems);
    }

    /// <summary>Reads a CSV of electoral votes cast; a column <c>electoral_votes_cast_NAME</c> counts for the national
    /// contest's candidate whose id is <c>NAME</c> or ends with <c>-NAME</c>, else for <c>NAME</c> itself (someone not on
    /// the ballot, as a faithless elector may choose).</summary>
    public static Result<ImmutableArray<(CastElectoralVotes Votes, long Line)>> ReadCast(string file, ElectionDefinition definition, ContestId contest)
    {
        var candidates = definition.Contests.Single(c => c.Id == contest).Selections.Select(ElectoralContests.Key).ToList();
        string Resolve(string name) =>
            candidates.FirstOrDefault(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase) || c.EndsWith("-" + name, StringComparison.OrdinalIgnoreCase)) ?? name;
        try
        {
            using var stream = File.OpenRead(file);
            return ElectoralVotesCsvReader.ReadRows(stream, Resolve, file);
        }
        catch (IOException e)
        {
            return Result<ImmutableArray<(CastElectoralVotes, long)>>.Failure(new Problem(ProblemCodes.Unreadable, e.Message, file));
        }
        catch (UnauthorizedAccessException e)
        {
            return Result<ImmutableArray<(CastElectoralVotes, long)>>.Failure(new Problem(ProblemCodes.Unreadable, e.Message, file));
        }
    }

    /// <summary>The electoral votes cast recorded in the store as <see cref="ElectorVotesCast"/> facts for the contest, the
    /// latest record per unit; empty when none were recorded.</summary>
    public static async Task<Result<ImmutableArray<CastElectoralVotes>>> RecordedCastAsync(
        ICanvassStore store, ElectoralCollegeRules rules, ContestId contest, CancellationToken ct)
    {
        var latest = new Dictionary<string, ElectorVotesCast>(StringComparer.Ordinal);
        await foreach (var e in store.ReadStreamAsync(Streams.Election, 1, ct))
        {
            if (e.Event is ElectorVotesCast f && f.Contest == contest.Value)
            {
                latest[f.Unit] = f;
            }
        }

        var records = ImmutableArray.CreateBuilder<CastElectoralVotes>(latest.Count);
        var problems = new List<Problem>();
        foreach (var f in latest.Values)
        {
            var record = CastElectoralVotes.FromUnitCode(rules, f.Unit, f.Electors, f.Votes.Select(v => (v.Id, v.Votes)), f.Source);
            if (record.IsSuccess)
            {
                records.Add(record.Value);
            }
            else
            {
                problems.AddRange(record.Problems);
            }
        }

        return problems.Count > 0
            ? Result<ImmutableArray<CastElectoralVotes>>.Failure([.. problems])
            : Result<ImmutableArray<CastElectoralVotes>>.Success(records.ToImmutable());
    }

    /// <summary>Rolls up the cast votes read from <paramref name="file"/>; a problem found in a record points at its row and
    /// column.</summary>
    public static Result<ElectoralCastRollUp> RollUpCast(
        ElectoralCollegeRules rules, string file, ImmutableArray<(CastElectoralVotes Votes, long Line)> rows, ElectoralAllocation allocation)
    {
        var rolled = ElectoralCollege.RollUpCast(rules, rows.Select(r => r.Votes), allocation);
        if (rolled.IsSuccess)
        {
            return rolled;
        }

        return Result<ElectoralCastRollUp>.Failure(rolled.Problems.Select(p =>
        {
            var path = p.Path ?? "";
            var close = path.IndexOf(']', StringComparison.Ordinal);
            if (!path.StartsWith('[') || close < 0 || !int.TryParse(path.AsSpan(1, close - 1), System.Globalization.CultureInfo.InvariantCulture, out var i) || i >= rows.Length)
            {
                return p with { File = file };
            }

            var column = path[(close + 1)..] switch
            {
                ".state" => "state_po",
                ".unit" => "unit",
                "" => null,
                _ => "electoral_votes_cast_*",
            };
            return p with { File = file, Line = rows[i].Line, Path = column };
        }));
    }

    /// <summary>Tabulates the store's election and allocates; the rules are <paramref name="rulesFile"/> or the built-in
    /// ones for the election's day.</summary>
    public static async Task<Result<(ElectoralCollegeRules Rules, ContestId Contest, ElectoralAllocation Allocation)>> RunAsync(
        ElectionSession session, string? contestName, string? rulesFile, Action<long, long>? progress, CancellationToken cancellationToken)
    {
        var definition = session.Definition!;
        var contest = FindContest(definition, contestName);
        if (!contest.IsSuccess)
        {
            return Result<(ElectoralCollegeRules, ContestId, ElectoralAllocation)>.Failure(contest.Problems);
        }

        var rules = ElectoralRulesCatalog.Load(rulesFile, definition.EndDate);
        if (!rules.IsSuccess)
        {
            return Result<(ElectoralCollegeRules, ContestId, ElectoralAllocation)>.Failure(rules.Problems);
        }

        var tabulation = await TabulationRunner.RunAsync(session, progress, cancellationToken);
        var allocation = Allocate(rules.Value, definition, contest.Value, tabulation);
        return allocation.IsSuccess
            ? Result<(ElectoralCollegeRules, ContestId, ElectoralAllocation)>.Success((rules.Value, contest.Value, allocation.Value))
            : Result<(ElectoralCollegeRules, ContestId, ElectoralAllocation)>.Failure(allocation.Problems);
    }
}
