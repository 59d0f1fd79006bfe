using System.Globalization;
using nietras.SeparatedValues;

namespace Canvass.Cli.Demo;

/// <summary>Writes a state's ballot manifest for the demo's generated CVRs: one row per scan batch of
/// <see cref="CvrFileWriter"/>, in the same order, so the manifest agrees with the CVRs batch by batch (a county's
/// "batch inventory").</summary>
internal static class ManifestFileWriter
{
    public static void Write(string path, string statePo, IReadOnlyList<MedslRow> stateRows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = path + ".tmp";
        using (var writer = Sep.Writer(o => o with { Sep = new Sep(','), Escape = true }).ToFile(tmp))
        {
            foreach (var fips in stateRows.Select(r => r.Fips).Distinct().Order())
            {
                var county = Us2020Election.CountyUnit(statePo, fips);
                var prefix = statePo + "-" + fips.ToString("D5", CultureInfo.InvariantCulture) + "-";
                foreach (var byMode in stateRows.Where(r => r.Fips == fips).GroupBy(r => r.Mode).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    var code = VoteModes.Code(VoteModes.ToMethod(statePo, byMode.Key));
                    var total = byMode.GroupBy(r => Us2020Election.SelectionId(statePo, r.Candidate)).Select(g => g.Sum(r => r.Votes)).Where(v => v > 0).Sum();
                    for (long start = 0, batch = 1; start < total; start += CvrFileWriter.BatchSize, batch++)
                    {
                        using var row = writer.NewRow();
                        row["Jurisdiction"].Set(county);
                        row["Container"].Set(prefix + code);
                        row["Batch Name"].Set(prefix + code + "-" + batch.ToString("D5", CultureInfo.InvariantCulture));
                        row["Number of Ballots"].Set(Math.Min(CvrFileWriter.BatchSize, total - start).ToString(CultureInfo.InvariantCulture));
                    }
                }
            }
        }

        File.Move(tmp, path, overwrite: true);
    }
}
