namespace Canvass.Domain.Elections;

/// <summary>The counting rule of a contest (NIST SP 1500-100 <c>VoteVariation</c>, the values Canvass tabulates).</summary>
public enum VoteVariation
{
    /// <summary>Most votes wins; vote for one (<c>plurality</c>).</summary>
    Plurality = 0,
    /// <summary>Vote for up to N of M; the N with the most votes win (<c>n-of-m</c>).</summary>
    NOfM = 1,
    /// <summary>More than half of the votes cast in the contest is needed (<c>majority</c>).</summary>
    Majority = 2,
    /// <summary>A stated fraction (such as two-thirds) of the votes cast is needed (<c>super-majority</c>).</summary>
    SuperMajority = 3,
    /// <summary>Vote for any number (<c>approval</c>).</summary>
    Approval = 4,
    /// <summary>Ranked-choice voting (<c>rcv</c>).</summary>
    Rcv = 5,
    /// <summary>Any other rule, named in <see cref="Contest.OtherVoteVariation"/> (<c>other</c>).</summary>
    Other = 6,
}
