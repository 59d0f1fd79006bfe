using System.Globalization;
using Canvass.Domain.Elections;
using nietras.SeparatedValues;

namespace Canvass.Cli.Demo;

/// <summary>Writes one county's cast vote records as Canvass CSV, consistent with its published totals by vote method.</summary>
/// <remarks>Ballots of one method are shuffled with a generator seeded by the county's FIPS code and packed into scan
/// batches of <see cref="BatchSize"/>, so the file looks like a county's export and is identical on every run.</remarks>
internal static class CvrFileWriter
{
    public const int BatchSize = 250;

    public static long Write(string path, string statePo, int fips, IReadOnlyList<MedslRow> countyRows)
    {
        var contest = Us2020Election.ContestId(statePo);
        var county = Us2020Election.CountyUnit(statePo, fips);
        var prefix = statePo + "-" + fips.ToString("D5", CultureInfo.InvariantCulture) + "-";
        long written = 0;
        using var writer = Sep.Writer(o => o with { Sep = new Sep(','), Escape = true }).ToFile(path);
        foreach (var byMode in countyRows.GroupBy(r => r.Mode).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var method = VoteModes.ToMethod(statePo, byMode.Key);
            var methodName = method.ToNistName();
            var code = VoteModes.Code(method);
            var bySelection = byMode
                .GroupBy(r => Us2020Election.SelectionId(statePo, r.Candidate))
                .Select(g => (Selection: g.Key, Votes: g.Sum(r => r.Votes)))
                .Where(s => s.Votes > 0)
                .OrderBy(s => s.Selection, StringComparer.Ordinal)
                .ToList();
            var total = checked((int)bySelection.Sum(s => s.Votes));
            var ballots = new int[total];
            var at = 0;
            for (var s = 0; s < bySelection.Count; s++)
            {
                ballots.AsSpan(at, (int)bySelection[s].Votes).Fill(s);
                at += (int)bySelection[s].Votes;
            }

            var random = new DemoRandom(unchecked((ulong)fips * 1_000_003UL + code));
            for (var i = total - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (ballots[i], ballots[j]) = (ballots[j], ballots[i]);
            }

            for (var i = 0; i < total; i++)
            {
                using var row = writer.NewRow();
                row["ballot_id"].Set(prefix + code + (i + 1).ToString("D7", CultureInfo.InvariantCulture));
                row["county"].Set(county);
                row["precinct"].Set("");
                row["batch"].Set(prefix + code + "-" + (i / BatchSize + 1).ToString("D5", CultureInfo.InvariantCulture));
                row["vote_method"].Set(methodName);
                row[contest].Set(bySelection[ballots[i]].Selection);
            }

            written += total;
        }

        return written;
    }
}
