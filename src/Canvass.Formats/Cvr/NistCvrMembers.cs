using System.Collections.Frozen;
using System.Text.Json;

namespace Canvass.Formats.Cvr;

/// <summary>The members NIST SP 1500-103 allows on each object the CVR readers look into, from the schema shipped with
/// Canvass (<c>schemas/nist-1500-103</c>; every definition sets <c>additionalProperties: false</c>). A member not in
/// the list is a misspelling or another format's, and its content would otherwise be dropped without a word.</summary>
/// <remarks>The XML form has the same element names, without the JSON-only <c>@id</c> and <c>@type</c>.</remarks>
internal static class NistCvrMembers
{
    private static readonly FrozenDictionary<string, FrozenSet<string>> Definitions = Load();

    public static FrozenSet<string> Report { get; } = Definitions["CVR.CastVoteRecordReport"];

    public static FrozenSet<string> Cvr { get; } = Definitions["CVR.CVR"];

    public static FrozenSet<string> Snapshot { get; } = Definitions["CVR.CVRSnapshot"];

    public static FrozenSet<string> Contest { get; } = Definitions["CVR.CVRContest"];

    public static FrozenSet<string> Selection { get; } = Definitions["CVR.CVRContestSelection"];

    public static FrozenSet<string> Position { get; } = Definitions["CVR.SelectionPosition"];

    /// <summary>The problem's message for member <paramref name="name"/> of a <paramref name="kind"/>.</summary>
    public static string Unknown(string name, string kind) =>
        $"'{name}' is not a member of {kind} in NIST SP 1500-103 (misspelled, or from another format); what it holds would not be read.";

    private static FrozenDictionary<string, FrozenSet<string>> Load()
    {
        using var stream = typeof(NistCvrMembers).Assembly.GetManifestResourceStream("Canvass.Formats.NIST_V0_cast_vote_records.json")
            ?? throw new InvalidOperationException("The NIST SP 1500-103 schema is not embedded in Canvass.Formats.");
        using var schema = JsonDocument.Parse(stream);
        var result = new Dictionary<string, FrozenSet<string>>(StringComparer.Ordinal);
        foreach (var definition in schema.RootElement.GetProperty("definitions").EnumerateObject())
        {
            if (definition.Value.TryGetProperty("properties", out var properties))
            {
                result[definition.Name] = properties.EnumerateObject().Select(p => p.Name).ToFrozenSet(StringComparer.Ordinal);
            }
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
