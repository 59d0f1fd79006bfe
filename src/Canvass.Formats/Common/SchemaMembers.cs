using System.Collections.Frozen;
using System.Text.Json;

namespace Canvass.Formats.Common;

/// <summary>The members a NIST JSON Schema (shipped in <c>schemas/</c> and embedded) allows on each of its definitions:
/// NIST's definitions set <c>additionalProperties: false</c>, so a member not listed is a misspelling or another
/// format's, and what it holds would otherwise be dropped without a word.</summary>
internal sealed class SchemaMembers
{
    private readonly FrozenDictionary<string, FrozenSet<string>> _definitions;
    private readonly FrozenDictionary<string, FrozenDictionary<string, int>> _once;

    private SchemaMembers(string resource)
    {
        using var stream = typeof(SchemaMembers).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The schema {resource} is not embedded in Canvass.Formats.");
        using var schema = JsonDocument.Parse(stream);
        var result = new Dictionary<string, FrozenSet<string>>(StringComparer.Ordinal);
        var once = new Dictionary<string, FrozenDictionary<string, int>>(StringComparer.Ordinal);
        foreach (var definition in schema.RootElement.GetProperty("definitions").EnumerateObject())
        {
            if (definition.Value.TryGetProperty("properties", out var properties)
                && definition.Value.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False)
            {
                result[definition.Name] = properties.EnumerateObject().Select(p => p.Name).ToFrozenSet(StringComparer.Ordinal);
                once[definition.Name] = properties.EnumerateObject()
                    .Where(p => !p.Name.StartsWith('@') && IsOnceInXml(p.Value))
                    .Select((p, i) => (p.Name, Bit: i))
                    .ToFrozenDictionary(p => p.Name, p => p.Bit, StringComparer.Ordinal);
            }
        }

        _definitions = result.ToFrozenDictionary(StringComparer.Ordinal);
        _once = once.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Whether the XML encoding has at most one element for a member of this JSON schema: every member but an
    /// array, except an array of references (<c>xsd:IDREFS</c>, one element holding a list). For NIST SP 1500-103 this
    /// gives the XSD's <c>maxOccurs="1"</c> elements of each type the CVR readers look into.</summary>
    private static bool IsOnceInXml(JsonElement member) =>
        !(member.TryGetProperty("type", out var type) && type.ValueEquals("array"))
        || (member.TryGetProperty("items", out var items) && items.TryGetProperty("refTypes", out _));

    /// <summary>NIST SP 1500-103 (cast vote records).</summary>
    public static SchemaMembers Cvr { get; } = new("Canvass.Formats.NIST_V0_cast_vote_records.json");

    /// <summary>NIST SP 1500-100 Rev. 2 (election results reporting).</summary>
    public static SchemaMembers ElectionResults { get; } = new("Canvass.Formats.NIST_V2_election_results_reporting.json");

    /// <summary>The members of <paramref name="definition"/> (such as <c>CVR.CVR</c>), or null for a name the schema does
    /// not close.</summary>
    public FrozenSet<string>? Of(string definition) => _definitions.GetValueOrDefault(definition);

    /// <summary>The members of <paramref name="definition"/> that its XML encoding allows once, each with a bit of its
    /// own (0 to 63), so that a reader can tell the second of one without allocating; or null for a name the schema
    /// does not close.</summary>
    public FrozenDictionary<string, int>? OnceIn(string definition) => _once.GetValueOrDefault(definition);

    /// <summary>The problem's message for member <paramref name="name"/> of a <paramref name="kind"/>.</summary>
    public static string Unknown(string name, string kind, string standard) =>
        $"'{name}' is not a member of {kind} in {standard} (misspelled, or from another format); what it holds would not be read.";

    /// <summary>Lists, with its JSON path, every member of every object under <paramref name="element"/> whose
    /// <c>@type</c> names a definition of this schema and does not have it.</summary>
    public void CheckTyped(JsonElement element, string path, string standard, ProblemList problems)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var allowed = element.TryGetProperty("@type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() is { } name
                    ? Of(name)
                    : null;
                foreach (var member in element.EnumerateObject())
                {
                    if (allowed is not null && !allowed.Contains(member.Name))
                    {
                        problems.Add(Domain.ProblemCodes.Schema, Unknown(member.Name, type.GetString()!, standard), null, path + "." + member.Name);
                    }

                    CheckTyped(member.Value, path + "." + member.Name, standard, problems);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    CheckTyped(item, path + "[" + i++.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]", standard, problems);
                }

                break;
        }
    }
}
