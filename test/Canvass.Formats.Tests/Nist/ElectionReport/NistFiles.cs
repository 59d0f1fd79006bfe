using Canvass.TestKit;
using System.Collections.Immutable;
using System.Text.Json;
using Canvass.Domain;
using Canvass.Domain.Elections;
using Canvass.Domain.Results;

namespace Canvass.Formats.Tests.Nist.ElectionReport;

/// <summary>Locates the shared NIST examples and gives value-equality views of domain records (whose ImmutableArray members compare by reference).</summary>
internal static class NistFiles
{
    public static string Folder => SharedFolder.Combine("standards", "nist-1500-100");

    public static string Example(string name) => Path.Combine(Folder, "examples", name);

    /// <summary>A canonical text form of a definition: equal definitions give equal text.</summary>
    public static string Canonical(ElectionDefinition definition) => JsonSerializer.Serialize(definition);

    /// <summary>A canonical, order-independent text form of reported results.</summary>
    public static ImmutableArray<string> Canonical(ReportedResults results)
    {
        var list = new List<string>();
        foreach (var c in results.Counts)
        {
            list.Add(JsonSerializer.Serialize(c));
        }

        foreach (var c in results.ContestCounts)
        {
            list.Add(JsonSerializer.Serialize(c));
        }

        list.Sort(StringComparer.Ordinal);
        return [.. list];
    }

    public static string Describe(ImmutableArray<Problem> problems) => string.Join(Environment.NewLine, problems);
}
