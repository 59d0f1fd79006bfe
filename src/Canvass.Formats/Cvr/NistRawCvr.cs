namespace Canvass.Formats.Cvr;

/// <summary>The fields of one NIST 1500-103 <c>CVR</c> that Canvass uses, as read from JSON or XML before resolution.</summary>
/// <remarks>Paths are built in the source format's notation so problems point into the file.</remarks>
internal sealed class NistRawCvr
{
    public required string Path { get; init; }

    public required long Line { get; init; }

    public string? Id { get; set; }

    public string? BallotAuditId { get; set; }

    public string? UniqueId { get; set; }

    public string? BallotPrePrintedId { get; set; }

    public string? BallotSheetId { get; set; }

    public string? BatchId { get; set; }

    public string? BallotStyleId { get; set; }

    public string? BallotStyleUnitId { get; set; }

    public string? CurrentSnapshotId { get; set; }

    public List<NistRawSnapshot> Snapshots { get; } = [];

    /// <summary>Schema problems found while reading (path, message).</summary>
    public List<(string Path, string Message)> SchemaErrors { get; } = [];

    /// <summary>The JSON members named again in one of the CVR's objects (path, name), or null: which of two counts
    /// cannot be told, so the CVR is not read further (<see cref="Unreadable"/>).</summary>
    public List<(string Path, string Name)>? Duplicates { get; set; }

    /// <summary>True when the CVR could not be read as text (a string or member name whose <c>\u</c> escapes leave a
    /// surrogate unpaired), or not unambiguously (<see cref="Duplicates"/>, or an XML element the schema allows once
    /// given twice): only <see cref="Duplicates"/> and <see cref="SchemaErrors"/> say anything about it.</summary>
    public bool Unreadable { get; set; }
}

internal sealed class NistRawSnapshot
{
    public required string Path { get; init; }

    public string? Id { get; set; }

    public List<NistRawContest> Contests { get; } = [];
}

internal sealed class NistRawContest
{
    public required string Path { get; init; }

    public string? ContestId { get; set; }

    /// <summary>The contest's <c>Overvotes</c>: how many votes the ballot lost to an overvote, as the tabulator saw it.</summary>
    public string? Overvotes { get; set; }

    /// <summary>The contest's <c>Undervotes</c>: how many votes the ballot left unused. Not counted from (Canvass derives
    /// undervotes from the marks), but checked to be a count.</summary>
    public string? Undervotes { get; set; }

    /// <summary>The contest's <c>Status</c> values (<c>overvoted</c>, <c>undervoted</c>, …).</summary>
    public List<string> Statuses { get; } = [];

    public List<NistRawSelection> Selections { get; } = [];
}

internal sealed class NistRawSelection
{
    public required string Path { get; init; }

    public string? ContestSelectionId { get; set; }

    public string? Rank { get; set; }

    public List<NistRawPosition> Positions { get; } = [];
}

internal sealed class NistRawPosition
{
    public required string Path { get; init; }

    public string? HasIndication { get; set; }

    public string? IsAllocable { get; set; }

    public string? NumberVotes { get; set; }

    public string? Rank { get; set; }

    public List<string> Statuses { get; } = [];
}
