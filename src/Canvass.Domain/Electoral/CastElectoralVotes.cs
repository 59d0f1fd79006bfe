using System.Collections.Immutable;

namespace Canvass.Domain.Electoral;

/// <summary>The electoral votes a state's electors cast, as recorded in its certificate of vote: the plain input to
/// <see cref="ElectoralCollege.RollUpCast"/>, independent of how the fact was stored.</summary>
/// <param name="State">The state's USPS code.</param>
/// <param name="Unit">The electoral unit the votes are reported for (<see cref="ElectoralUnitRule.AtLarge"/>,
/// <c>CD-2</c>, …), or null for the whole state's electors at once.</param>
/// <param name="President">Votes for President per candidate, recorded as cast: a faithless elector's vote counts for
/// the person it names, not the candidate the elector was pledged to.</param>
/// <param name="VicePresident">Votes for Vice President per candidate. A vote for a ticket's running mate is recorded
/// under the ticket's key. Empty (or default) means the electors voted the tickets of their presidential votes.</param>
/// <param name="Source">Where the record comes from (a certificate of vote, a news report), for display.</param>
/// <threadsafety>Immutable.</threadsafety>
public sealed record CastElectoralVotes(
    string State,
    string? Unit,
    ImmutableArray<CandidateElectoralVotes> President,
    ImmutableArray<CandidateElectoralVotes> VicePresident,
    string? Source = null)
{
    /// <summary>Builds the record from a unit code as recorded facts name it: a state (<c>GA</c>), a district
    /// (<c>ME-CD-2</c>) or a district-method state's at-large electors (<c>ME-at-large</c>, or <c>ME</c> when
    /// <paramref name="electors"/> is the at-large number while the state has districts).</summary>
    /// <param name="rules">The rules the code is resolved against.</param>
    /// <param name="unitCode">The unit code.</param>
    /// <param name="electors">The unit's electors as recorded, used to tell a whole state from its at-large unit; it must be
    /// the rules' number for the unit.</param>
    /// <param name="president">Presidential votes per candidate key.</param>
    /// <param name="source">Where the record comes from.</param>
    /// <returns>The record, or a problem when the code names no state or unit of the rules, names a district-method state
    /// as a whole, gives another number of electors than the rules, or a count does not fit.</returns>
    public static Result<CastElectoralVotes> FromUnitCode(
        ElectoralCollegeRules rules,
        string unitCode,
        int electors,
        IEnumerable<(string Candidate, long Votes)> president,
        string? source = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(unitCode);
        ArgumentNullException.ThrowIfNull(president);
        var (stateCode, rest) = Split(unitCode);
        if (rules.Find(stateCode) is not { } state)
        {
            return Result<CastElectoralVotes>.Failure(new Problem(ProblemCodes.UnknownReference, $"'{unitCode}' names no state of the Electoral College."));
        }

        string? unit = rest;
        if (rest is null && state.Units.Length > 1 && electors == state.Units[0].ElectoralVotes && electors != state.ElectoralVotes)
        {
            unit = ElectoralUnitRule.AtLarge;
        }

        var rule = unit is null ? null : state.Units.FirstOrDefault(u => string.Equals(u.Id, unit, StringComparison.OrdinalIgnoreCase));
        if (unit is not null && rule is null)
        {
            return Result<CastElectoralVotes>.Failure(new Problem(ProblemCodes.UnknownReference, $"'{unitCode}' names no electoral unit of {state.State}."));
        }

        // A district-method state's electors are pledged unit by unit, so its votes are recorded unit by unit: a record of
        // the whole state could not be compared with the units' pledges, nor replaced by a later record of one unit.
        if (rule is null && state.Method == ElectoralMethod.CongressionalDistrict)
        {
            return Result<CastElectoralVotes>.Failure(new Problem(ProblemCodes.Inconsistent,
                $"'{unitCode}': {state.State} allocates its electors by district; record its at-large unit ({state.State}-{ElectoralUnitRule.AtLarge}, {state.Units[0].ElectoralVotes} electors) and each of its districts ({state.State}-{state.Units[1].Id} to {state.State}-{state.Units[^1].Id}, 1 elector each) separately."));
        }

        var expected = rule?.ElectoralVotes ?? state.ElectoralVotes;
        if (electors != expected)
        {
            return Result<CastElectoralVotes>.Failure(new Problem(ProblemCodes.Inconsistent,
                $"'{unitCode}' has {expected} electors under the rules ({rules.Name}), not {electors}."));
        }

        unit = rule?.Id;

        var votes = ImmutableArray.CreateBuilder<CandidateElectoralVotes>();
        foreach (var (candidate, count) in president)
        {
            if (count is < 0 or > int.MaxValue)
            {
                return Result<CastElectoralVotes>.Failure(new Problem(ProblemCodes.BadCount, $"{unitCode}: {count} electoral votes for '{candidate}' is not a count of electors."));
            }

            votes.Add(new CandidateElectoralVotes(candidate, (int)count));
        }

        return Result<CastElectoralVotes>.Success(new CastElectoralVotes(state.State, unit, votes.ToImmutable(), [], source));
    }

    /// <summary>The key under which the records of one electoral unit replace each other wherever recorded facts are read
    /// (<c>canvass electoral</c>, and finality's <c>electors_cast</c> and <c>electors_appointed</c>): the codes that
    /// <see cref="FromUnitCode"/> reads as one unit share it, whatever their case. A state's code alone (<c>GA</c>) is
    /// its at-large unit (<c>GA-at-large</c>): a winner-take-all state's only unit, or a district-method state's at-large
    /// electors, the one reading of it the rules accept.</summary>
    /// <param name="unitCode">The unit code as recorded.</param>
    /// <returns>The key, upper case (<c>GA-AT-LARGE</c>, <c>ME-CD-2</c>); compare it ordinally.</returns>
    public static string UnitKey(string unitCode)
    {
        ArgumentNullException.ThrowIfNull(unitCode);
        var (state, unit) = Split(unitCode);
        return (state + "-" + (unit ?? ElectoralUnitRule.AtLarge)).ToUpperInvariant();
    }

    /// <summary>A unit code's state and, after the first dash, its unit within the state (null for the state's code alone).</summary>
    private static (string State, string? Unit) Split(string unitCode)
    {
        var dash = unitCode.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? (unitCode, null) : (unitCode[..dash], unitCode[(dash + 1)..]);
    }
}
