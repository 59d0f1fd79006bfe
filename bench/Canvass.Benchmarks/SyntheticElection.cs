using System.Collections.Immutable;
using System.Globalization;
using Canvass.Domain.Elections;
using nietras.SeparatedValues;

namespace Canvass.Benchmarks;

/// <summary>A synthetic statewide election for benchmarks: 1 state, 20 counties, 10 contests (one vote-for-3).</summary>
public static class SyntheticElection
{
    public const int Counties = 20;
    public const int Contests = 10;
    public const int Selections = 5;

    public static ElectionDefinition Build()
    {
        var counties = Enumerable.Range(1, Counties).Select(i => new GpUnit(new GpUnitId($"ru-c{i:D2}"), $"County {i}", "county", [], [])).ToList();
        var units = ImmutableArray.Create(new GpUnit(new GpUnitId("ru-state"), "State", "state", [.. counties.Select(c => c.Id)], []))
            .AddRange(counties);
        var contests = Enumerable.Range(1, Contests).Select(k => new Contest(
            new ContestId($"cc-{k:D2}"),
            $"Contest {k}",
            ContestKind.Candidate,
            new GpUnitId("ru-state"),
            k == Contests ? 3 : 1,
            k == Contests ? 3 : 1,
            k == Contests ? VoteVariation.NOfM : VoteVariation.Plurality,
            [.. Enumerable.Range(1, Selections).Select(s => new ContestSelection(new SelectionId($"cs-{k:D2}-{s}"), [], false, $"Choice {s}", []))]))
            .ToImmutableArray();
        return new ElectionDefinition("Benchmark election", new GpUnitId("ru-state"), new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 3),
            "general", "Canvass benchmarks", "XX", units, [], [], [], contests, []);
    }

    /// <summary>Writes <paramref name="ballots"/> CVRs in Canvass CSV, deterministically.</summary>
    public static void WriteCsv(string path, ElectionDefinition election, long ballots)
    {
        using var writer = Sep.Writer(o => o with { Sep = new Sep(',') }).ToFile(path);
        ulong state = 88172645463325252UL;
        string[] methods = ["election-day", "early", "absentee-mail", "provisional"];
        for (long i = 0; i < ballots; i++)
        {
            using var row = writer.NewRow();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            var county = (int)(state % Counties) + 1;
            row["ballot_id"].Set("B" + i.ToString("D9", CultureInfo.InvariantCulture));
            row["county"].Set($"ru-c{county:D2}");
            row["precinct"].Set("");
            row["batch"].Set("b" + (i / 250).ToString(CultureInfo.InvariantCulture));
            row["vote_method"].Set(methods[(int)((state >> 20) & 3)]);
            for (var k = 0; k < Contests; k++)
            {
                var contest = election.Contests[k];
                var pick = (int)((state >> (k * 3)) % (Selections + 1));
                var cell = pick == Selections ? "" : contest.Selections[pick].Id.Value;
                if (k == Contests - 1 && pick < Selections - 1)
                {
                    cell += "|" + contest.Selections[pick + 1].Id.Value;
                }

                row[contest.Id.Value].Set(cell);
            }
        }
    }
}
