using System.Collections.Immutable;
using System.Globalization;

namespace Canvass.Domain.Electoral;

/// <summary>The Electoral College as pure functions: allocate each state's electors from its units' outcomes, roll them
/// up to the 270 of 538, roll up the electoral votes actually cast, and say when the 12th Amendment's contingent
/// election is required.</summary>
/// <remarks>
/// <para><b>Pledged.</b> Each unit's electors go to the unit's winner: a winner-take-all state's one at-large unit holds
/// all its electors; a district-method state's at-large unit holds two (to the statewide winner) and each district one
/// (to the district's winner). Undecided units (uncounted, tied, ranked-choice rounds outstanding) leave their electors
/// unallocated.</para>
/// <para><b>Cast.</b> Electors vote by separate ballots for President and Vice President, and their votes are recorded
/// as cast, whoever they name. The roll-up compares each state's cast votes with its pledged electors, candidate by
/// candidate, so a faithless elector shows up as a deviation.</para>
/// <para><b>Outcome.</b> A candidate with a majority of the electors appointed is elected (a majority can be reached
/// before every state is in). Otherwise, while electoral votes are outstanding the outcome is undetermined; once all are
/// in, a contingent election is required: the House chooses the President among the highest numbers, not exceeding
/// three, one vote per state delegation, a majority of the states needed; the Senate chooses the Vice President
/// among the two highest.</para>
/// </remarks>
public static class ElectoralCollege
{
    /// <summary>Allocates every state's electors from the outcomes of its units and rolls them up nationally.</summary>
    /// <param name="rules">The Electoral College rules.</param>
    /// <param name="outcomes">The outcome of each unit; a unit with no outcome is <see cref="ElectoralUnitStatus.Uncounted"/>.</param>
    /// <exception cref="ArgumentException">An outcome names a state or unit the rules do not have, or a unit twice, or a won
    /// unit has no winner.</exception>
    public static ElectoralAllocation Allocate(ElectoralCollegeRules rules, IEnumerable<ElectoralUnitOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(outcomes);
        var byUnit = new Dictionary<(string State, string Unit), ElectoralUnitOutcome>();
        foreach (var o in outcomes)
        {
            var state = rules.Find(o.State) ?? throw new ArgumentException($"Outcome for unknown state '{o.State}'.", nameof(outcomes));
            var unit = state.Units.FirstOrDefault(u => string.Equals(u.Id, o.Unit, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"Outcome for unknown unit '{o.Unit}' of {state.State}.", nameof(outcomes));
            if (o.Status == ElectoralUnitStatus.Won && string.IsNullOrEmpty(o.Winner))
            {
                throw new ArgumentException($"{state.State} {unit.Id} is won but names no winner.", nameof(outcomes));
            }

            if (!byUnit.TryAdd((state.State, unit.Id), o))
            {
                throw new ArgumentException($"Two outcomes for {state.State} {unit.Id}.", nameof(outcomes));
            }
        }

        var states = ImmutableArray.CreateBuilder<ElectoralStateAllocation>(rules.States.Length);
        var national = new Dictionary<string, int>(StringComparer.Ordinal);
        var unallocated = 0;
        foreach (var state in rules.States)
        {
            var units = ImmutableArray.CreateBuilder<ElectoralUnitAllocation>(state.Units.Length);
            var electors = new Dictionary<string, int>(StringComparer.Ordinal);
            var open = 0;
            foreach (var unit in state.Units)
            {
                var outcome = byUnit.TryGetValue((state.State, unit.Id), out var o)
                    ? o
                    : new ElectoralUnitOutcome(state.State, unit.Id, ElectoralUnitStatus.Uncounted, null, []);
                var allocation = new ElectoralUnitAllocation(unit, outcome);
                units.Add(allocation);
                if (allocation.PledgedTo is { } winner)
                {
                    Add(electors, winner, unit.ElectoralVotes);
                    Add(national, winner, unit.ElectoralVotes);
                }
                else
                {
                    open = checked(open + unit.ElectoralVotes);
                }
            }

            unallocated = checked(unallocated + open);
            states.Add(new ElectoralStateAllocation(state, units.MoveToImmutable(), Ordered(electors), open));
        }

        var totals = Ordered(national);
        return new ElectoralAllocation(rules, states.MoveToImmutable(), totals, unallocated, Decide(rules, totals, totals, unallocated));
    }

    /// <summary>Rolls up the electoral votes cast, validating them against the rules, and compares each state's votes with
    /// the electors pledged in <paramref name="pledged"/> (when given).</summary>
    /// <param name="rules">The Electoral College rules.</param>
    /// <param name="cast">The votes cast, per state or per unit; a state may be reported whole or unit by unit, not both.</param>
    /// <param name="pledged">The pledged allocation, for the deviations; null to skip the comparison.</param>
    /// <returns>The roll-up, or every problem: an unknown state or unit, a negative count, a state or unit reported twice,
    /// or more votes than electors.</returns>
    public static Result<ElectoralCastRollUp> RollUpCast(
        ElectoralCollegeRules rules,
        IEnumerable<CastElectoralVotes> cast,
        ElectoralAllocation? pledged = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(cast);
        var c = CultureInfo.InvariantCulture;
        var problems = new List<Problem>();
        var president = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var vice = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var units = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var i = -1;
        foreach (var record in cast)
        {
            i++;
            var path = string.Create(c, $"[{i}]");
            if (rules.Find(record.State) is not { } state)
            {
                problems.Add(new Problem(ProblemCodes.UnknownReference, $"'{record.State}' is not a state of the Electoral College.", null, null, path + ".state"));
                continue;
            }

            var unit = record.Unit is null ? "*" : state.Units.FirstOrDefault(u => string.Equals(u.Id, record.Unit, StringComparison.OrdinalIgnoreCase))?.Id;
            if (unit is null)
            {
                problems.Add(new Problem(ProblemCodes.UnknownReference, $"'{record.Unit}' is not an electoral unit of {state.State}.", null, null, path + ".unit"));
                continue;
            }

            var seen = units.TryGetValue(state.State, out var s) ? s : units[state.State] = [];
            if (!seen.Add(unit) || (unit == "*" && seen.Count > 1) || (unit != "*" && seen.Contains("*")))
            {
                problems.Add(new Problem(ProblemCodes.DuplicateId, $"The electoral votes of {state.State} {record.Unit ?? "(whole state)"} are recorded twice.", null, null, path));
                continue;
            }

            var limit = unit == "*" ? state.ElectoralVotes : state.Units.Single(u => u.Id == unit).ElectoralVotes;
            var p = record.President.IsDefault ? [] : record.President;
            var v = record.VicePresident.IsDefaultOrEmpty ? p : record.VicePresident;
            var where = record.Unit is null ? state.State : $"{state.State} {record.Unit}";
            foreach (var (votes, office, map) in new[] { (p, "president", president), (v, "vicePresident", vice) })
            {
                var sum = 0;
                foreach (var cv in votes)
                {
                    if (cv.Votes < 0 || string.IsNullOrWhiteSpace(cv.Candidate))
                    {
                        problems.Add(new Problem(ProblemCodes.BadCount, $"{state.State}: {cv.Votes} votes for '{cv.Candidate}' is not a count of electoral votes.", null, null, $"{path}.{office}"));
                        continue;
                    }

                    sum = checked(sum + cv.Votes);
                    var perState = map.TryGetValue(state.State, out var m) ? m : map[state.State] = new Dictionary<string, int>(StringComparer.Ordinal);
                    Add(perState, cv.Candidate, cv.Votes);
                }

                if (sum > limit)
                {
                    problems.Add(new Problem(ProblemCodes.Inconsistent, $"{where}: {sum} {office} votes cast, but only {limit} electors.", null, null, $"{path}.{office}"));
                }
            }
        }

        if (problems.Count > 0)
        {
            return Result<ElectoralCastRollUp>.Failure(problems);
        }

        var states = ImmutableArray.CreateBuilder<ElectoralStateCast>(rules.States.Length);
        var deviations = ImmutableArray.CreateBuilder<ElectorDeviation>();
        var nationalP = new Dictionary<string, int>(StringComparer.Ordinal);
        var nationalV = new Dictionary<string, int>(StringComparer.Ordinal);
        var notCast = 0;
        foreach (var state in rules.States)
        {
            var p = president.GetValueOrDefault(state.State) ?? [];
            var v = vice.GetValueOrDefault(state.State) ?? [];
            var castP = 0;
            foreach (var (candidate, votes) in p)
            {
                Add(nationalP, candidate, votes);
                castP = checked(castP + votes);
            }

            foreach (var (candidate, votes) in v)
            {
                Add(nationalV, candidate, votes);
            }

            notCast = checked(notCast + state.ElectoralVotes - castP);
            var pledgedState = pledged?.States.FirstOrDefault(a => a.Rule.State == state.State);
            var stateDeviations = ImmutableArray.CreateBuilder<ElectorDeviation>();
            if (pledgedState is not null && units.ContainsKey(state.State))
            {
                var promised = pledgedState.Electors.ToDictionary(e => e.Candidate, e => e.Votes, StringComparer.Ordinal);
                foreach (var (office, votes) in new[] { (ElectoralOffice.President, p), (ElectoralOffice.VicePresident, v) })
                {
                    foreach (var candidate in promised.Keys.Union(votes.Keys).Order(StringComparer.Ordinal))
                    {
                        var was = promised.GetValueOrDefault(candidate);
                        var got = votes.GetValueOrDefault(candidate);
                        if (was != got)
                        {
                            stateDeviations.Add(new ElectorDeviation(state.State, office, candidate, was, got));
                        }
                    }
                }
            }

            deviations.AddRange(stateDeviations);
            states.Add(new ElectoralStateCast(state.State, state.ElectoralVotes, pledgedState?.Electors ?? [], Ordered(p), Ordered(v), stateDeviations.ToImmutable()));
        }

        var totalP = Ordered(nationalP);
        var totalV = Ordered(nationalV);
        var presidentOutcome = Decide(rules, totalP, [], notCast);
        var outstandingV = rules.TotalElectors - totalV.Sum(t => t.Votes);
        var viceOutcome = DecideVicePresident(rules, totalV, outstandingV);
        return Result<ElectoralCastRollUp>.Success(new ElectoralCastRollUp(
            states.MoveToImmutable(), totalP, totalV, notCast, deviations.ToImmutable(), presidentOutcome, viceOutcome));
    }

    /// <summary>The candidates with the <paramref name="places"/> highest numbers of votes (more than zero), every
    /// candidate tied at the last place included.</summary>
    public static ImmutableArray<string> Finalists(ImmutableArray<CandidateElectoralVotes> totals, int places)
    {
        var ordered = totals.Where(t => t.Votes > 0).OrderByDescending(t => t.Votes).ThenBy(t => t.Candidate, StringComparer.Ordinal).ToList();
        if (ordered.Count <= places)
        {
            return [.. ordered.Select(t => t.Candidate)];
        }

        var cutoff = ordered[places - 1].Votes;
        return [.. ordered.Where(t => t.Votes >= cutoff).Select(t => t.Candidate)];
    }

    private static ElectoralOutcome Decide(
        ElectoralCollegeRules rules,
        ImmutableArray<CandidateElectoralVotes> president,
        ImmutableArray<CandidateElectoralVotes> vicePresident,
        int outstanding)
    {
        var contingent = rules.Contingent;
        var leader = president.FirstOrDefault();
        if (leader is not null && leader.Votes >= rules.Majority)
        {
            return new ElectoralOutcome(ElectoralOutcomeKind.Elected, leader.Candidate, rules.Majority, [], contingent.StatesNeeded, []);
        }

        if (outstanding > 0)
        {
            return new ElectoralOutcome(ElectoralOutcomeKind.Undetermined, null, rules.Majority, [], contingent.StatesNeeded, []);
        }

        return new ElectoralOutcome(
            ElectoralOutcomeKind.ContingentElectionRequired,
            null,
            rules.Majority,
            Finalists(president, contingent.PresidentialFinalists),
            contingent.StatesNeeded,
            vicePresident.IsDefaultOrEmpty ? [] : Finalists(vicePresident, contingent.VicePresidentialFinalists));
    }

    private static ElectoralOutcome DecideVicePresident(ElectoralCollegeRules rules, ImmutableArray<CandidateElectoralVotes> vicePresident, int outstanding)
    {
        var contingent = rules.Contingent;
        var leader = vicePresident.FirstOrDefault();
        if (leader is not null && leader.Votes >= rules.Majority)
        {
            return new ElectoralOutcome(ElectoralOutcomeKind.Elected, leader.Candidate, rules.Majority, [], contingent.StatesNeeded, []);
        }

        return outstanding > 0
            ? new ElectoralOutcome(ElectoralOutcomeKind.Undetermined, null, rules.Majority, [], contingent.StatesNeeded, [])
            : new ElectoralOutcome(ElectoralOutcomeKind.ContingentElectionRequired, null, rules.Majority, [], contingent.StatesNeeded,
                Finalists(vicePresident, contingent.VicePresidentialFinalists));
    }

    private static void Add(Dictionary<string, int> map, string candidate, int votes) =>
        map[candidate] = checked(map.GetValueOrDefault(candidate) + votes);

    private static ImmutableArray<CandidateElectoralVotes> Ordered(Dictionary<string, int> map) =>
    [
        .. map.Where(kv => kv.Value > 0)
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new CandidateElectoralVotes(kv.Key, kv.Value)),
    ];
}
