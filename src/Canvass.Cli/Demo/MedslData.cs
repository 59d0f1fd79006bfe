using nietras.SeparatedValues;

namespace Canvass.Cli.Demo;

/// <summary>The 2020 MEDSL county presidential returns for six states, embedded in the tool (see samples/us2020).</summary>
internal static class MedslData
{
    public const string ResourceName = "Canvass.Cli.us2020-president-county.csv";

    public static IReadOnlyList<MedslRow> Load()
    {
        using var stream = typeof(MedslData).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("The embedded MEDSL data is missing from this build.");
        using var reader = Sep.Reader().From(stream);
        var rows = new List<MedslRow>();
        foreach (var row in reader)
        {
            rows.Add(new MedslRow(
                row["state_po"].ToString(),
                row["state"].ToString(),
                row["county_name"].ToString(),
                row["county_fips"].Parse<int>(),
                row["candidate"].ToString(),
                row["party"].ToString(),
                row["candidatevotes"].Parse<long>(),
                row["mode"].ToString()));
        }

        return rows;
    }
}
