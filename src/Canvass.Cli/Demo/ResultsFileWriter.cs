using Canvass.Domain.Elections;
using nietras.SeparatedValues;

namespace Canvass.Cli.Demo;

/// <summary>Writes a state's county totals as an OpenElections-style CSV, for states the demo imports as reported totals.</summary>
internal static class ResultsFileWriter
{
    public static long Write(string path, string statePo, ElectionDefinition election, IReadOnlyList<MedslRow> stateRows)
    {
        var contest = election.Contests.Single(c => c.Id.Value == Us2020Election.ContestId(statePo));
        var names = election.GpUnits.ToDictionary(u => u.Id.Value, u => u.Name, StringComparer.Ordinal);
        long written = 0;
        using var writer = Sep.Writer(o => o with { Sep = new Sep(','), Escape = true }).ToFile(path);
        var cells = stateRows
            .GroupBy(r => (r.Fips, Selection: Us2020Election.SelectionId(statePo, r.Candidate)))
            .OrderBy(g => g.Key.Fips)
            .ThenBy(g => contest.Selections.IndexOf(contest.Selections.Single(s => s.Id.Value == g.Key.Selection)));
        foreach (var g in cells)
        {
            var selection = contest.Selections.Single(s => s.Id.Value == g.Key.Selection);
            using var row = writer.NewRow();
            row["county"].Set(names[Us2020Election.CountyUnit(statePo, g.Key.Fips)]);
            row["precinct"].Set("");
            row["office"].Set(contest.Name);
            row["district"].Set("");
            row["party"].Set(selection.PartyIds.IsDefaultOrEmpty ? "" : selection.PartyIds[0].Value);
            row["candidate"].Set(selection.Text);
            row["votes"].Format(g.Sum(r => r.Votes));
            written++;
        }

        return written;
    }
}
