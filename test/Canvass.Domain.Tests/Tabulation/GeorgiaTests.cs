using Canvass.TestKit;
using System.Collections.Immutable;
using System.Globalization;
using Canvass.Domain.Elections;
using Canvass.Domain.Results;
using Canvass.Domain.Tabulation;

namespace Canvass.Domain.Tests.Tabulation;

public sealed class GeorgiaTests
{
    [Fact]
    public void Tabulate_Georgia2020CountyModeCounts_GivesCertifiedStatewideTotals()
    {
        var rows = File.ReadLines(Path.Combine(SharedFolder.Path, "data", "us2020-president-county.csv"))
            .Skip(1)
            .Select(l => l.Split(','))
            .Where(f => f[2] == "GA")
            .ToList();
        var counties = rows.Select(f => f[4]).Distinct().Order(StringComparer.Ordinal).ToList();
        var candidates = rows.Select(f => f[6]).Distinct().ToList();
        var units = counties
            .Select(fips => new GpUnit(new GpUnitId("ga-" + fips), fips, "county", [], []))
            .Prepend(new GpUnit(new GpUnitId("ga"), "Georgia", "state", [.. counties.Select(fips => new GpUnitId("ga-" + fips))], []))
            .ToImmutableArray();
        var contest = new Contest(new ContestId("president"), "President", ContestKind.Candidate, new GpUnitId("ga"), 1, 1,
            VoteVariation.Plurality,
            [.. candidates.Select((n, i) => new ContestSelection(new SelectionId("cs-" + i), [], false, n, []))]);
        var definition = new ElectionDefinition("2020 General", new GpUnitId("ga"), new DateOnly(2020, 10, 12),
            new DateOnly(2020, 11, 3), "general", "Georgia Secretary of State", "GA", units, [], [], [], [contest], []);
        var index = new ElectionIndex(definition);
        var counts = rows.Select(f => new ReportedCount(
            contest.Id,
            new SelectionId("cs-" + candidates.IndexOf(f[6])),
            new GpUnitId("ga-" + f[4]),
            Method(f[11]),
            long.Parse(f[8], CultureInfo.InvariantCulture)));

        var result = Tabulator.Tabulate(index, new CvrTally(index), [new ReportedResults([.. counts], [])]).Contests[0];

        Assert.Equal(2_474_507, Votes("JOSEPH R BIDEN JR"));
        Assert.Equal(2_461_837, Votes("DONALD J TRUMP"));
        Assert.Equal(62_138, Votes("JO JORGENSEN"));
        Assert.Equal(159 * 4, result.Units.Length);
        Assert.Equal(["cs-" + candidates.IndexOf("JOSEPH R BIDEN JR")], result.Winners.Select(w => w.Value));

        long Votes(string name) => result.Votes[candidates.IndexOf(name)];
    }

    private static CountItemType Method(string mode) => mode switch
    {
        "ABSENTEE" => CountItemType.AbsenteeMail,
        "ADVANCED VOTING" => CountItemType.Early,
        "ELECTION DAY" => CountItemType.ElectionDay,
        "PROV" => CountItemType.Provisional,
        _ => throw new InvalidDataException("Unknown GA mode " + mode),
    };
}
