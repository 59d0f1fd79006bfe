namespace Canvass.Formats.Common;

/// <summary>Where in its file a value was read: the line, and the JSON/XML path or CSV column.</summary>
/// <param name="Line">The 1-based line, when known.</param>
/// <param name="Path">The JSON or XML path, or the CSV column, when known.</param>
public readonly record struct SourcePlace(long? Line, string? Path);
