using System.Globalization;
using System.Text;

namespace Canvass.Cli.Tests;

/// <summary>
/// What an observer is handed is untrusted: a bundle or a receipt edited at random (bytes flipped, lines cut, repeated
/// or swapped, the file truncated) must make <c>canvass verify</c> pass or fail with a reason — exit 0, 1 or 2 — and
/// never end in an exception (the tool's "set CANVASS_DEBUG=1" failure of the system). A verifier that crashes on a
/// forged bundle tells its user nothing about the forgery. The edits are seeded, so a failure names the case.
/// </summary>
public sealed class MutatedEvidenceTests : IDisposable
{
    /// <summary>Mutations per file; <c>CANVASS_MUTATIONS</c> raises it for a longer search (each is a run of the tool).</summary>
    private static readonly int Mutations = int.TryParse(Environment.GetEnvironmentVariable("CANVASS_MUTATIONS"), CultureInfo.InvariantCulture, out var n) ? Math.Max(1, n / 50) : 8;

    private readonly Canvass _canvass = new();

    public MutatedEvidenceTests()
    {
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        var ballots = TestElection.Header + "\n"
            + "B1,ru-north,ru-n1,b1,election-day,cs-gov-a,cs-co-x|cs-co-y,bm-1-yes,cs-d1-p\n"
            + "B2,ru-north,ru-n1,b1,election-day,cs-gov-a,cs-co-x,bm-1-yes,cs-d1-q\n"
            + "B3,ru-north,ru-n2,b1,absentee-mail,cs-gov-b,cs-co-x|cs-co-y|cs-co-z,bm-1-no,\n";
        Assert.Equal(0, _canvass.Run("import", "cvr", _canvass.Write("north.csv", ballots)).ExitCode);
        Assert.Equal(0, _canvass.Run("import", "results", _canvass.Write("south.csv",
            "county,precinct,office,district,party,candidate,votes\nSouth County,,District 1 Representative,,,Quinn,7\n")).ExitCode);
    }

    public void Dispose() => _canvass.Dispose();

    [Fact]
    public void MutatedBundle_IsVerifiedOrRefused_NeverThrows()
    {
        var bundle = _canvass.PathOf("bundle");
        Assert.Equal(0, _canvass.Run("export", "bundle", "--out", bundle).ExitCode);
        var key = _canvass.Run("log", "key").Stdout.Trim();
        var verified = _canvass.Run(false, "verify", "--bundle", bundle, "--key", key);
        Assert.True(verified.ExitCode == 0, verified.ToString());

        var files = Directory.EnumerateFiles(bundle, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("README.md", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 3, string.Join(", ", files));
        var failures = new List<string>();
        var copy = _canvass.PathOf("mutated");
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(bundle, file);
            var seed = File.ReadAllBytes(file);
            for (var i = 0; i < Mutations; i++)
            {
                CopyDirectory(bundle, copy);
                File.WriteAllBytes(Path.Combine(copy, relative), Mutate(seed, new Random(unchecked((Stable(relative) * 7919) + i))));
                var run = _canvass.Run(false, "verify", "--bundle", copy, "--key", key);
                if (Crashed(run))
                {
                    failures.Add($"{relative} mutation {i}: {run}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(3)));
    }

    [Fact]
    public void MutatedReceipt_IsVerifiedOrRefused_NeverThrows()
    {
        var prove = _canvass.Run("log", "prove-ballot", "--ballot", "B2");
        Assert.True(prove.ExitCode == 0, prove.ToString());
        var key = _canvass.Run("log", "key").Stdout.Trim();
        var seed = Encoding.UTF8.GetBytes(prove.Stdout);
        var receipt = _canvass.Write("receipt.txt", seed);
        Assert.Equal(0, _canvass.Run(false, "verify", "--receipt", receipt, "--key", key).ExitCode);

        var failures = new List<string>();
        for (var i = 0; i < Mutations * 4; i++)
        {
            File.WriteAllBytes(receipt, Mutate(seed, new Random(4243 + i)));
            var run = _canvass.Run(false, "verify", "--receipt", receipt, "--key", key);
            if (Crashed(run))
            {
                failures.Add($"receipt mutation {i}: {run}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(3)));
    }

    private static bool Crashed(CliRun run) =>
        run.ExitCode is not (0 or 1 or 2) || run.Stderr.Contains("CANVASS_DEBUG", StringComparison.Ordinal) || run.Stderr.Contains("   at ", StringComparison.Ordinal);

    private static int Stable(string text) => text.Aggregate(17, (h, c) => unchecked((h * 31) + c));

    private static void CopyDirectory(string from, string to)
    {
        if (Directory.Exists(to))
        {
            Directory.Delete(to, recursive: true);
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>One to three edits: a byte changed, a range cut, a range repeated, a line swapped with the next, or the
    /// file cut short.</summary>
    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var edits = 1 + random.Next(3);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.RemoveRange(at, Math.Min(1 + random.Next(40), bytes.Count - at));
                    break;
                case 2:
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, Math.Min(1 + random.Next(200), bytes.Count - at)));
                    break;
                case 3:
                    var lines = Encoding.UTF8.GetString([.. bytes]).Split('\n');
                    var l = random.Next(lines.Length);
                    if (l + 1 < lines.Length)
                    {
                        (lines[l], lines[l + 1]) = (lines[l + 1], lines[l]);
                    }

                    bytes = [.. Encoding.UTF8.GetBytes(string.Join('\n', lines))];
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }
}
