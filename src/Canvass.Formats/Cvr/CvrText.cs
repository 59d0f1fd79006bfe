namespace Canvass.Formats.Cvr;

/// <summary>What a CVR's free text (ballot ids, batches) may not hold.</summary>
internal static class CvrText
{
    /// <summary>The problem for a NUL character (U+0000) in a ballot's <paramref name="what"/>: SQLite would keep it, but
    /// no PostgreSQL text column can, and a ballot id that prints as another (the NUL unseen) misleads whoever reads it.</summary>
    public static string NulMessage(string what) =>
        $"The {what} holds a NUL character (U+0000), which a store cannot keep; the exporter or the file's encoding is likely wrong.";
}
