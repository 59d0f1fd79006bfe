using System.Globalization;
using System.Text;
using Canvass.Audit;

namespace Canvass.Cli.Tests;

/// <summary><see cref="AuditTestElection"/> split for a hybrid audit: North County commits its 100 CVRs (ballots 0–99,
/// batches 0 and 1), South County reports totals only (ballots 100–199 in batches 2 and 3: Governor Ada 70, Bo 25, Cy 5,
/// the same pattern its paper follows). Each stratum holds 100 ballots; the contest's total is Ada 140, Bo 50, Cy 10.</summary>
public static class HybridTestElection
{
    public const string NorthManifest = """
        Jurisdiction,Container,Batch Name,Number of Ballots
        North County,Box 1,batch-0,50
        North County,Box 1,batch-1,50

        """;

    public const string SouthManifest = """
        Jurisdiction,Container,Batch Name,Number of Ballots
        South County,Box 9,batch-2,50
        South County,Box 9,batch-3,50

        """;

    /// <summary>South County's reported totals: the Governor votes of ballots 100–199.</summary>
    public static string SouthResults()
    {
        var votes = Enumerable.Range(100, 100).GroupBy(AuditTestElection.Governor).ToDictionary(g => g.Key, g => g.Count());
        return "county,precinct,office,district,party,candidate,votes\n"
            + string.Create(CultureInfo.InvariantCulture, $"South County,,Governor,,,Ada,{votes["cs-gov-a"]}\nSouth County,,Governor,,,Bo,{votes["cs-gov-b"]}\nSouth County,,Governor,,,Cy,{votes["cs-gov-c"]}\n");
    }

    /// <summary>North County's CVRs: the first 100 of <see cref="AuditTestElection.Cvrs"/>.</summary>
    public static string NorthCvrs()
    {
        var lines = AuditTestElection.Cvrs().Split('\n');
        var sb = new StringBuilder(lines[0]).Append('\n');
        foreach (var line in lines.Skip(1).Where(l => l.Contains(",ru-north,", StringComparison.Ordinal)))
        {
            sb.Append(line).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Initialises a store and commits North's CVRs, South's totals and both counties' manifest.</summary>
    public static void Commit(Canvass canvass)
    {
        Assert.Equal(0, canvass.Run("init", "--election", TestElection.WriteJson(canvass)).ExitCode);
        var cvr = canvass.Run("import", "cvr", canvass.Write("north-cvrs.csv", NorthCvrs()));
        Assert.True(cvr.ExitCode == 0, cvr.ToString());
        var results = canvass.Run("import", "results", canvass.Write("south-results.csv", SouthResults()));
        Assert.True(results.ExitCode == 0, results.ToString());
        canvass.Write("north-manifest.csv", NorthManifest);
        canvass.Write("south-manifest.csv", SouthManifest);
        var manifest = canvass.Run("import", "manifest", canvass.Write("manifest.csv", AuditTestElection.Manifest));
        Assert.True(manifest.ExitCode == 0, manifest.ToString());
    }

    /// <summary>Reported Governor votes of ballots <paramref name="from"/> to <paramref name="from"/>+99.</summary>
    public static Dictionary<string, long> Votes(int from) =>
        Enumerable.Range(from, 100).GroupBy(AuditTestElection.Governor).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);

    /// <summary>The Governor contest as Arlo's math sees it: 200 ballots, Ada 140, Bo 50, Cy 10.</summary>
    public static ArloContest Governor { get; } = new("cc-gov",
        [KeyValuePair.Create("cs-gov-a", 140L), KeyValuePair.Create("cs-gov-b", 50L), KeyValuePair.Create("cs-gov-c", 10L)], 200, 1, 1);
}
