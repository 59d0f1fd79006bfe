using System.Collections.Immutable;
using Canvass.Domain.Elections;
using Canvass.Domain.Tabulation;

namespace Canvass.Domain.Electoral;

/// <summary>Finds, in an election definition, the contest that decides each electoral unit, and reads each unit's outcome
/// from the election's tabulation.</summary>
/// <remarks>
/// <para><b>The national contest</b> is a candidate contest whose <see cref="Contest.VoteVariation"/> is
/// <see cref="VoteVariation.Other"/> with <see cref="Contest.OtherVoteVariation"/> <see cref="VoteVariation"/>
/// <c>electoral-college</c>; its selections name the tickets (candidates) the electors are pledged to. No ballot carries
/// it: it is decided by the electoral units.</para>
/// <para><b>A unit's contest</b> is the candidate contest whose district is the unit of the election definition that
/// carries the rule's OCD-ID (an <c>ocd-id</c> external identifier) and whose selections name some of the national
/// contest's candidates. Exactly one contest must match each unit.</para>
/// <para><b>A unit's outcome</b> is its contest's result: no votes is uncounted; a tie for first place is tied; a winning
/// selection wins for its first candidate. A ranked-choice contest counted from cast vote records is won by its rounds'
/// winner (<see cref="RankedChoiceRounds"/>, the IRV tabulator); one counted from reported totals has a winner only with
/// a first-choice majority, and otherwise needs rounds that cannot be counted without the rankings.</para>
/// </remarks>
public static class ElectoralContests
{
    /// <summary>The <see cref="Contest.OtherVoteVariation"/> that marks a national Electoral College contest.</summary>
    public const string ElectoralCollegeVariation = "electoral-college";

    /// <summary>The external-identifier type of an Open Civic Data division id.</summary>
    public const string OcdIdType = "ocd-id";

    /// <summary>True for a national Electoral College contest.</summary>
    public static bool IsNational(Contest contest)
    {
        ArgumentNullException.ThrowIfNull(contest);
        return contest.VoteVariation == VoteVariation.Other
            && string.Equals(contest.OtherVoteVariation, ElectoralCollegeVariation, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The candidates of every national Electoral College contest of <paramref name="definition"/> (the tickets
    /// its electors are pledged to); empty when it has none.</summary>
    public static IReadOnlySet<CandidateId> Tickets(ElectionDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Contests.Where(IsNational).SelectMany(TicketsOf).ToHashSet();
    }

    /// <summary>True for a candidate contest whose selections name one of <paramref name="tickets"/>: one that chooses
    /// electors for the national contest they are the candidates of.</summary>
    public static bool NamesTickets(Contest contest, IReadOnlySet<CandidateId> tickets)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(tickets);
        return contest.Kind == ContestKind.Candidate && contest.Selections.Any(s => !s.CandidateIds.IsDefault && s.CandidateIds.Any(tickets.Contains));
    }

    private static IEnumerable<CandidateId> TicketsOf(Contest national) => national.Selections.SelectMany(s => s.CandidateIds.IsDefault ? [] : s.CandidateIds);

    /// <summary>Every unit's outcome from the tabulation of <paramref name="definition"/>.</summary>
    /// <param name="rules">The Electoral College rules.</param>
    /// <param name="definition">The election.</param>
    /// <param name="national">The national contest's id.</param>
    /// <param name="tabulation">The election's tabulation (ranked-choice contests with their rounds where ballots exist).</param>
    /// <returns>One outcome per unit of the rules, or every problem: no such national contest, a unit with no matching
    /// GpUnit or contest (or several), a contest counted otherwise than the state's rule says.</returns>
    public static Result<ImmutableArray<ElectoralUnitOutcome>> Outcomes(
        ElectoralCollegeRules rules,
        ElectionDefinition definition,
        ContestId national,
        ElectionTabulation tabulation)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(tabulation);
        var nationalContest = definition.Contests.FirstOrDefault(c => c.Id == national);
        if (nationalContest is null || !IsNational(nationalContest))
        {
            return Result<ImmutableArray<ElectoralUnitOutcome>>.Failure(new Problem(ProblemCodes.UnknownReference,
                $"'{national}' is not an Electoral College contest of this election (a contest with VoteVariation other, '{ElectoralCollegeVariation}')."));
        }

        var tickets = TicketsOf(nationalContest).ToHashSet();
        var byOcd = new Dictionary<string, List<GpUnit>>(StringComparer.OrdinalIgnoreCase);
        foreach (var u in definition.GpUnits)
        {
            foreach (var x in u.ExternalIdentifiers.IsDefault ? [] : u.ExternalIdentifiers)
            {
                if (string.Equals(x.Type, OcdIdType, StringComparison.OrdinalIgnoreCase))
                {
                    (byOcd.TryGetValue(x.Value, out var list) ? list : byOcd[x.Value] = []).Add(u);
                }
            }
        }

        var results = tabulation.Contests.ToDictionary(r => r.ContestId);
        var problems = new List<Problem>();
        var outcomes = ImmutableArray.CreateBuilder<ElectoralUnitOutcome>();
        foreach (var state in rules.States)
        {
            foreach (var unit in state.Units)
            {
                var where = $"{state.State} {unit.Id}";
                if (!byOcd.TryGetValue(unit.OcdId, out var gpUnits) || gpUnits.Count != 1)
                {
                    problems.Add(new Problem(ProblemCodes.UnknownReference,
                        $"{where}: the election has {(gpUnits is null ? "no" : gpUnits.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))} unit with ocd-id '{unit.OcdId}'; it needs exactly one."));
                    continue;
                }

                var district = gpUnits[0].Id;
                var contests = definition.Contests
                    .Where(c => c.Id != national && c.ElectionDistrictId == district && NamesTickets(c, tickets))
                    .ToList();
                if (contests.Count != 1)
                {
                    problems.Add(new Problem(ProblemCodes.UnknownReference,
                        $"{where}: {contests.Count} contests in unit '{district}' name the candidates of '{national}'; exactly one must decide the unit's electors."));
                    continue;
                }

                var contest = contests[0];
                var ranked = contest.VoteVariation == VoteVariation.Rcv;
                if (ranked != (state.Counting == ElectoralCounting.RankedChoice))
                {
                    problems.Add(new Problem(ProblemCodes.Inconsistent,
                        $"{where}: {state.Name} counts its electoral units by {(state.Counting == ElectoralCounting.RankedChoice ? "ranked choice" : "plurality")}, but contest '{contest.Id}' is {contest.VoteVariation.ToString().ToLowerInvariant()}."));
                    continue;
                }

                outcomes.Add(Outcome(state.State, unit.Id, contest, results.GetValueOrDefault(contest.Id), tickets));
            }
        }

        return problems.Count > 0
            ? Result<ImmutableArray<ElectoralUnitOutcome>>.Failure(problems)
            : Result<ImmutableArray<ElectoralUnitOutcome>>.Success(outcomes.ToImmutable());
    }

    /// <summary>A unit's outcome from its contest's result (see the remarks on <see cref="ElectoralContests"/>).</summary>
    /// <param name="state">The state's USPS code.</param>
    /// <param name="unit">The unit's id.</param>
    /// <param name="contest">The unit's contest.</param>
    /// <param name="result">Its result, or null while it has none.</param>
    /// <param name="tickets">The national contest's candidates; a winner that is none of them is
    /// <see cref="ElectoralUnitStatus.NotATicket"/>. Null accepts any winner.</param>
    public static ElectoralUnitOutcome Outcome(string state, string unit, Contest contest, ContestResult? result, IReadOnlySet<CandidateId>? tickets = null)
    {
        ArgumentNullException.ThrowIfNull(contest);
        var id = contest.Id.Value;
        if (result is null || result.Votes.Sum() == 0)
        {
            return new ElectoralUnitOutcome(state, unit, ElectoralUnitStatus.Uncounted, null, [], id);
        }

        if (result.Winners.Length > 0)
        {
            var selection = contest.Selections.First(s => s.Id == result.Winners[0]);
            // An aggregate line ("Other candidates") or a write-in can win a unit, but no elector is pledged to it: its
            // electors stay unallocated rather than be counted for a ticket that does not exist.
            if (tickets is not null && (selection.CandidateIds.IsDefaultOrEmpty || !tickets.Contains(selection.CandidateIds[0])))
            {
                return new ElectoralUnitOutcome(state, unit, ElectoralUnitStatus.NotATicket, Key(selection), [], id);
            }

            return ElectoralUnitOutcome.Won(state, unit, Key(selection), id);
        }

        if (result.TieForLastPlace)
        {
            var top = result.Votes.Max();
            var tied = contest.Selections.Where((s, i) => result.Votes[i] == top).Select(Key).ToImmutableArray();
            return new ElectoralUnitOutcome(state, unit, ElectoralUnitStatus.Tied, null, tied, id);
        }

        // Votes but no winner: a ranked-choice contest without a first-choice majority and without rankings to count
        // rounds from, or rounds that stopped with problems.
        return new ElectoralUnitOutcome(state, unit, ElectoralUnitStatus.RoundsNeeded, null, [], id);
    }

    /// <summary>The national key of a selection: its first candidate's id, or the selection's id for a line with no
    /// candidate (a write-in line).</summary>
    public static string Key(ContestSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return selection.CandidateIds.IsDefaultOrEmpty ? selection.Id.Value : selection.CandidateIds[0].Value;
    }
}
