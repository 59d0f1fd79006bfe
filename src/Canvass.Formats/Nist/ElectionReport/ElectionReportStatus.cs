namespace Canvass.Formats.Nist.ElectionReport;

/// <summary>NIST <c>ResultsStatus</c>: how final the results in a report are.</summary>
public enum ElectionReportStatus
{
    /// <summary><c>pre-election</c>: definition only, no counts.</summary>
    PreElection = 0,
    /// <summary><c>unofficial-partial</c>: election night, not every unit reported.</summary>
    UnofficialPartial = 1,
    /// <summary><c>unofficial-complete</c>: every unit reported, not yet certified.</summary>
    UnofficialComplete = 2,
    /// <summary><c>certified</c>.</summary>
    Certified = 3,
    /// <summary><c>recount</c>.</summary>
    Recount = 4,
    /// <summary><c>correction</c>: corrects an earlier report.</summary>
    Correction = 5,
}
