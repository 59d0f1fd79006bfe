namespace Canvass.Cli.Audit;

/// <summary>One row of audit-board input before validation: a ballot, a contest and what the paper shows.</summary>
internal sealed record InterpretationEntry(
    long? Line,
    string? Jurisdiction,
    string? Tabulator,
    string Batch,
    string Position,
    string Contest,
    string Interpretation,
    string Choices,
    string Overvote);
