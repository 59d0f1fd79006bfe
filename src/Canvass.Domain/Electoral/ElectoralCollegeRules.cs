using System.Collections.Immutable;
using System.Globalization;

namespace Canvass.Domain.Electoral;

/// <summary>The Electoral College for a range of elections: every state's electors and allocation method, and the
/// contingent election. Read from a data file with citations (<c>rules/electoral/</c>); no state's numbers live in code.</summary>
/// <param name="Name">What the rules describe, such as "2020 presidential election (2010 census apportionment)".</param>
/// <param name="ValidFrom">The first election day the rules apply to.</param>
/// <param name="ValidUntil">The last election day the rules apply to.</param>
/// <param name="TotalElectors">The electors appointed in all: 538 since 1964.</param>
/// <param name="States">Every state and the District of Columbia, ordered by <see cref="ElectoralStateRule.State"/>.</param>
/// <param name="Contingent">The contingent election when nobody has a majority.</param>
/// <param name="Citations">The federal law the numbers come from.</param>
/// <threadsafety>Immutable.</threadsafety>
public sealed record ElectoralCollegeRules(
    string Name,
    DateOnly ValidFrom,
    DateOnly ValidUntil,
    int TotalElectors,
    ImmutableArray<ElectoralStateRule> States,
    ContingentElectionRule Contingent,
    ImmutableArray<string> Citations)
{
    /// <summary>The electoral votes needed to win: a majority of the electors appointed (270 of 538).</summary>
    public int Majority => (TotalElectors / 2) + 1;

    /// <summary>True when the rules apply to an election held on <paramref name="electionDay"/>.</summary>
    public bool AppliesTo(DateOnly electionDay) => electionDay >= ValidFrom && electionDay <= ValidUntil;

    /// <summary>The state with the given USPS code, or null.</summary>
    public ElectoralStateRule? Find(string state) => States.FirstOrDefault(s => string.Equals(s.State, state, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every inconsistency in the rules, with the path of the offending entry; empty when they are sound.</summary>
    /// <remarks>Checked: the states' electors add up to <see cref="TotalElectors"/>; each state has at least three electors
    /// (two Senators and at least one Representative, or the 23rd Amendment's minimum for the District); its units add
    /// up to its electors; a winner-take-all state has only its at-large unit; a district-method state has an at-large
    /// unit and at least one district unit of one elector each; codes and unit ids are unique; dates are in order.</remarks>
    public ImmutableArray<Problem> Check(string? file = null)
    {
        var problems = ImmutableArray.CreateBuilder<Problem>();
        void Add(string path, string message) => problems.Add(new Problem(ProblemCodes.Inconsistent, message, file, null, path));
        var c = CultureInfo.InvariantCulture;
        if (ValidUntil < ValidFrom)
        {
            Add("$.validUntil", $"validUntil {ValidUntil:yyyy-MM-dd} is before validFrom {ValidFrom:yyyy-MM-dd}.");
        }

        if (TotalElectors <= 0)
        {
            Add("$.totalElectors", "totalElectors must be positive.");
        }

        var sum = 0;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < States.Length; i++)
        {
            var s = States[i];
            var path = string.Create(c, $"$.states[{i}]");
            if (!seen.Add(s.State))
            {
                problems.Add(new Problem(ProblemCodes.DuplicateId, $"State {s.State} is listed twice.", file, null, path + ".state"));
            }

            if (s.ElectoralVotes < 3)
            {
                Add(path + ".electoralVotes", $"{s.State} has {s.ElectoralVotes} electors; every state and the District have at least 3.");
            }

            sum = checked(sum + s.ElectoralVotes);
            var unitSum = s.Units.Sum(u => u.ElectoralVotes);
            if (unitSum != s.ElectoralVotes)
            {
                Add(path, $"{s.State}'s units have {unitSum} electors in all, not its {s.ElectoralVotes}.");
            }

            if (s.Units.IsDefaultOrEmpty || !s.Units[0].IsAtLarge || s.Units.Count(u => u.IsAtLarge) != 1)
            {
                Add(path, $"{s.State} must have exactly one at-large unit, listed first.");
            }

            if (s.Units.Select(u => u.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count() != s.Units.Length)
            {
                problems.Add(new Problem(ProblemCodes.DuplicateId, $"{s.State} lists a unit twice.", file, null, path + ".districts"));
            }

            switch (s.Method)
            {
                case ElectoralMethod.WinnerTakeAll when s.Units.Length != 1:
                    Add(path + ".districts", $"{s.State} is winner-take-all but lists districts.");
                    break;
                case ElectoralMethod.CongressionalDistrict when s.Units.Length < 2 || s.Units.Skip(1).Any(u => u.ElectoralVotes != 1):
                    Add(path + ".districts", $"{s.State} uses the district method: it needs at least one district, each with one elector.");
                    break;
            }
        }

        if (sum != TotalElectors)
        {
            Add("$.states", $"The states have {sum} electors in all, not the {TotalElectors} of totalElectors.");
        }

        if (Contingent.PresidentialFinalists < 1 || Contingent.VicePresidentialFinalists < 1 || Contingent.VotingStates < 1)
        {
            Add("$.contingentElection", "The contingent election needs at least one finalist and one voting state.");
        }

        return problems.ToImmutable();
    }
}
