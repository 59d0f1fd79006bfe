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

    /// <summary>Who an electoral vote for <c>NAME</c> counts for: the national contest's candidate whose id is <c>NAME</c>
    /// or ends with <c>-NAME</c>, else <c>NAME</c> itself (someone not on the ballot, as a faithless elector may choose).</summary>
    public static Func<string, string> CandidateResolver(ElectionDefinition definition, ContestId contest)
    {
        var candidates = definition.Contests.Single(c => c.Id == contest).Selections.Select(ElectoralContests.Key).ToList();
        return name => candidates.FirstOrDefault(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase) || c.EndsWith("-" + name, StringComparison.OrdinalIgnoreCase)) ?? name;
    }

    /// <summary>Reads a CSV of electoral votes cast; a column <c>electoral_votes_cast_NAME</c> counts for the national
    /// contest's candidate whose id is <c>NAME</c> or ends with <c>-NAME</c>, else for <c>NAME</c> itself (someone not on
    /// the ballot, as a faithless elector may choose).</summary>
    public static Result<ImmutableArray<(CastElectoralVotes Votes, long Line)>> ReadCast(string file, ElectionDefinition definition, ContestId contest)
    {
        try
        {
            using var stream = File.OpenRead(file);
            return ElectoralVotesCsvReader.ReadRows(stream, CandidateResolver(definition, contest), file);
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

    /// <summary>The electoral votes cast recorded in the store as <see cref="ElectorVotesCast"/> facts for the contest,
    /// rolled up: per unit the latest record (by time, then log position, as the finality facts read them) replaces the
    /// earlier ones; null when none were recorded.</summary>
    /// <returns>The roll-up, or every problem of every record that counts.</returns>
    public static async Task<Result<ElectoralCastRollUp?>> RecordedCastAsync(
        ICanvassStore store, ElectoralCollegeRules rules, ContestId contest, ElectoralAllocation allocation, CancellationToken ct)
    {
        var facts = new List<(ElectorVotesCast Fact, long Position)>();
        await foreach (var e in store.ReadStreamAsync(Streams.Election, 1, ct))
        {
            if (e.Event is ElectorVotesCast f && f.Contest == contest.Value)
            {
                facts.Add((f, e.Position));
            }
        }

        if (facts.Count == 0)
        {
            return Result<ElectoralCastRollUp?>.Success(null);
        }

        var latest = new Dictionary<string, (ElectorVotesCast Fact, Result<CastElectoralVotes> Record)>(StringComparer.Ordinal);
        foreach (var (f, _) in facts.OrderBy(x => x.Fact.At).ThenBy(x => x.Position))
        {
            // GA and GA-at-large name the same electors, as finality counts them too.
            latest[CastElectoralVotes.UnitKey(f.Unit)] = (f, Check(rules, f));
        }

        var counted = latest.Values.ToList();
        var problems = counted.Where(r => !r.Record.IsSuccess).SelectMany(r => r.Record.Problems).ToList();
        var valid = counted.Where(r => r.Record.IsSuccess).ToList();
        var rolled = ElectoralCollege.RollUpCast(rules, valid.Select(r => r.Record.Value), allocation);
        if (!rolled.IsSuccess)
        {
            problems.AddRange(rolled.Problems.Select(p => RecordIndex(p.Path) is { } i && i < valid.Count ? p with { Path = "unit " + valid[i].Fact.Unit } : p));
        }

        return problems.Count > 0
            ? Result<ElectoralCastRollUp?>.Failure([.. problems])
            : Result<ElectoralCastRollUp?>.Success(rolled.Value);
    }

    /// <summary>An <see cref="ElectorVotesCast"/> fact checked against the rules as <c>canvass electoral</c> reads it: the
    /// unit is one of the rules', with the rules' number of electors; problems point at the unit.</summary>
    public static Result<CastElectoralVotes> Check(ElectoralCollegeRules rules, ElectorVotesCast fact)
    {
        var record = CastElectoralVotes.FromUnitCode(rules, fact.Unit, fact.Electors, fact.Votes.Select(v => (v.Id, v.Votes)), fact.Source);
        return record.IsSuccess ? record : Result<CastElectoralVotes>.Failure(record.Problems.Select(p => p with { Path = "unit" }));
    }

    /// <summary>The record index <c>i</c> of a roll-up problem's path <c>[i]…</c>, or null for a problem of no record.</summary>
    private static int? RecordIndex(string? path)
    {
        var close = path?.IndexOf(']', StringComparison.Ordinal) ?? -1;
        return path is not null && path.StartsWith('[') && close > 0
            && int.TryParse(path.AsSpan(1, close - 1), System.Globalization.CultureInfo.InvariantCulture, out var i)
            ? i
            : null;
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
            if (p.Path is not { } path || RecordIndex(path) is not { } i || i >= rows.Length)
            {
                return p with { File = file };
            }

            var column = path[(path.IndexOf(']', StringComparison.Ordinal) + 1)..] switch
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
