using System.Collections.Immutable;

namespace Canvass.Domain.Rcv;

/// <summary>One ballot's rankings in one ranked-choice contest, as read from any vendor's cast vote record export.</summary>
/// <param name="Id">The record's id in its source (for messages and per-ballot audit trails).</param>
/// <param name="ContestId">The contest the rankings are for, as the source names it.</param>
/// <param name="Precinct">The precinct, when the source gives one (for tabulation by precinct).</param>
/// <param name="BatchId">The batch, when the source gives one (for tabulation by batch).</param>
/// <param name="Choices">Every mark, in any order; several marks may share a rank (an overvote at that rank) and a
/// candidate may appear at several ranks (a duplicate ranking): the contest's rules decide what they mean.</param>
public sealed record RankedCvr(string Id, string? ContestId, string? Precinct, string? BatchId, ImmutableArray<RankedChoice> Choices)
{
    /// <summary>The candidate name readers use for an explicit overvote label in the source.</summary>
    public const string Overvote = "\u0000overvote";

    /// <summary>The candidate name readers use for an undeclared write-in (RCTab's "Undeclared Write-ins").</summary>
    public const string UndeclaredWriteIn = "Undeclared Write-ins";
}
