namespace Canvass.Domain.Tabulation;

/// <summary>Where a count came from.</summary>
public enum CountSource
{
    /// <summary>Tabulated by Canvass from committed cast vote records.</summary>
    CastVoteRecords = 0,
    /// <summary>Reported as totals by the jurisdiction.</summary>
    ReportedResults = 1,
}
