using System.Collections.Immutable;

namespace Canvass.Domain.Electoral;

/// <summary>One state's electoral votes as cast, next to the electors pledged.</summary>
/// <param name="State">The state's USPS code.</param>
/// <param name="ElectoralVotes">The state's electors.</param>
/// <param name="Pledged">Electors pledged per candidate (from the allocation), most first; empty when no allocation was
/// given.</param>
/// <param name="President">Votes cast for President per candidate, most first; empty while the state has not voted.</param>
/// <param name="VicePresident">Votes cast for Vice President per candidate, most first.</param>
/// <param name="Deviations">Every candidate whose cast votes differ from the electors pledged to them.</param>
/// <threadsafety>Immutable.</threadsafety>
public sealed record ElectoralStateCast(
    string State,
    int ElectoralVotes,
    ImmutableArray<CandidateElectoralVotes> Pledged,
    ImmutableArray<CandidateElectoralVotes> President,
    ImmutableArray<CandidateElectoralVotes> VicePresident,
    ImmutableArray<ElectorDeviation> Deviations)
{
    /// <summary>True once some of the state's electoral votes are recorded.</summary>
    public bool HasVoted => !President.IsDefaultOrEmpty || !VicePresident.IsDefaultOrEmpty;

    /// <summary>The state's electors with no presidential vote recorded: absent electors, or the whole state while it
    /// has not voted.</summary>
    public int NotCast => ElectoralVotes - (President.IsDefault ? 0 : President.Sum(v => v.Votes));

    /// <summary>Presidential votes cast otherwise than pledged: votes beyond a candidate's pledged electors, less those
    /// the state's unallocated electors account for (an elector pledged to nobody cannot break a pledge).</summary>
    public int Faithless
    {
        get
        {
            var pledged = Pledged.IsDefault ? [] : Pledged;
            var beyond = (President.IsDefault ? [] : President)
                .Sum(v => Math.Max(0, v.Votes - (pledged.FirstOrDefault(p => p.Candidate == v.Candidate)?.Votes ?? 0)));
            var unallocated = ElectoralVotes - pledged.Sum(p => p.Votes);
            return Math.Max(0, beyond - unallocated);
        }
    }
}
