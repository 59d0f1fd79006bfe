using System.Globalization;
using System.Text;
using System.Text.Json;
using Canvass.Domain.Elections;

namespace Canvass.Cli.Tests;

/// <summary>A 200-ballot election over <see cref="TestElection"/> for audits: North and South County, two batches of 50
/// each; Governor Ada 140, Bo 50, Cy 10 (ballot i votes Ada when i mod 20 &lt; 14, Bo when &lt; 19, else Cy).</summary>
public static class AuditTestElection
{
    public const int Ballots = 200;

    public static string County(int i) => i < 100 ? "ru-north" : "ru-south";

    public static string Batch(int i) => "batch-" + (i / 50).ToString(CultureInfo.InvariantCulture);

    public static string Governor(int i) => (i % 20) switch { < 14 => "cs-gov-a", < 19 => "cs-gov-b", _ => "cs-gov-c" };

    /// <summary>The CVRs; with <paramref name="district"/>, also District 1 split evenly between Pat and Quinn.</summary>
    public static string Cvrs(bool district = false)
    {
        var sb = new StringBuilder("ballot_id,county,precinct,batch,vote_method,cc-gov,bm-1" + (district ? ",cc-d1\n" : "\n"));
        for (var i = 0; i < Ballots; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"B{i:D3},{County(i)},{(i < 100 ? "ru-n1" : "ru-s1")},{Batch(i)},election-day,{Governor(i)},{(i % 3 == 0 ? "bm-1-no" : "bm-1-yes")}");
            sb.Append(district ? (i % 2 == 0 ? ",cs-d1-p\n" : ",cs-d1-q\n") : "\n");
        }

        return sb.ToString();
    }

    /// <summary>The manifest: county names (not ids) as Arlo's jurisdiction names, batch names as in the CVRs.</summary>
    public const string Manifest = """
        Jurisdiction,Container,Batch Name,Number of Ballots
        North County,Box 1,batch-0,50
        North County,Box 1,batch-1,50
        South County,Box 9,batch-2,50
        South County,Box 9,batch-3,50

        """;

    /// <summary>Initialises a store and commits the CVRs and the manifest.</summary>
    public static void Commit(Canvass canvass, bool district = false) => Commit(canvass, null, district);

    /// <summary>Initialises a store with <paramref name="definition"/> (by default the test election with Measure 1
    /// decided by a simple majority) and commits the CVRs and the manifest.</summary>
    public static void Commit(Canvass canvass, ElectionDefinition? definition, bool district = false)
    {
        var election = definition is null ? WriteElection(canvass) : TestElection.WriteJson(canvass, definition, "election.json");
        Assert.Equal(0, canvass.Run("init", "--election", election).ExitCode);
        var cvr = canvass.Run("import", "cvr", canvass.Write("audit-cvrs.csv", Cvrs(district)));
        Assert.True(cvr.ExitCode == 0, cvr.ToString());
        var manifest = canvass.Run("import", "manifest", canvass.Write("manifest.csv", Manifest));
        Assert.True(manifest.ExitCode == 0, manifest.ToString());
    }

    /// <summary><see cref="TestElection"/> with Measure 1 decided by a simple majority, the rule an audit checks (it
    /// passes, 133 to 67); under the test election's two-thirds rule it fails, and <c>audit create</c> refuses it.</summary>
    public static string WriteElection(Canvass canvass) =>
        TestElection.WriteJson(canvass, TestElection.Definition with
        {
            Contests = [.. TestElection.Definition.Contests.Select(c => c.Id.Value == "bm-1" ? c with { VoteVariation = VoteVariation.Majority, PassageThreshold = null } : c)],
        }, "election.json");

    /// <summary>The position of a ballot in its batch (1-based) → ballot index.</summary>
    public static int Index(string batch, int position) => (int.Parse(batch["batch-".Length..], CultureInfo.InvariantCulture) * 50) + position - 1;

    /// <summary>Records the paper of a sample's ballots (<see cref="Interpretations"/>), county by county; with
    /// <paramref name="only"/>, just the sampled ballots it accepts.</summary>
    public static void Record(Canvass canvass, JsonElement sample, Func<int, string>? paper = null, Func<JsonElement, bool>? only = null)
    {
        if (only is not null)
        {
            var kept = sample.GetProperty("sampledBallots").EnumerateArray().Where(only).Select(b => b.GetRawText());
            sample = JsonDocument.Parse($"{{\"sampledBallots\":[{string.Join(",", kept)}]}}").RootElement;
        }

        foreach (var (county, file) in Interpretations(canvass, sample, paper))
        {
            var run = canvass.Run("audit", "record", "--county", county, "--file", file);
            Assert.True(run.ExitCode == 0, run.ToString());
        }
    }

    /// <summary>Writes one interpretations CSV per county for a sample (the <c>sampledBallots</c> of
    /// <c>canvass audit sample --json</c>): the paper shows what the CVR says, except where <paramref name="paper"/>
    /// says otherwise.</summary>
    public static Dictionary<string, string> Interpretations(Canvass canvass, JsonElement sample, Func<int, string>? paper = null)
    {
        var files = new Dictionary<string, StringBuilder>();
        foreach (var b in sample.GetProperty("sampledBallots").EnumerateArray())
        {
            var county = b.GetProperty("county").GetString()!;
            var batch = b.GetProperty("batch").GetString()!;
            var position = b.GetProperty("position").GetInt32();
            if (!files.TryGetValue(county, out var sb))
            {
                files[county] = sb = new StringBuilder("Batch Name,Ballot Number,Contest,Interpretation,Choices\n");
            }

            var i = Index(batch, position);
            var choice = paper?.Invoke(i) ?? Governor(i);
            sb.Append(CultureInfo.InvariantCulture, $"{batch},{position},cc-gov,{(choice.Length == 0 ? "blank" : "vote")},{choice}\n");
        }

        return files.ToDictionary(f => f.Key, f => canvass.Write($"interpretations-{f.Key}.csv", f.Value.ToString()));
    }
}
