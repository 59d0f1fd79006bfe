using System.Globalization;
using System.Text;
using Canvass.Domain.Elections;
using Canvass.Formats.Common;
using Canvass.Formats.Cvr;
using Canvass.Formats.Manifests;
using Canvass.Formats.Nist.ElectionReport;
using Canvass.Formats.OpenElections;
using Canvass.TestKit;

namespace Canvass.Formats.Tests;

/// <summary>
/// Bad input is reported, never thrown: every reader is given thousands of files made from a valid one by seeded random
/// edits (bytes flipped, ranges cut or repeated, tokens that matter to the format inserted, the file truncated) and must
/// return problems or a result, never let an exception out (which the CLI would turn into exit 1, a failure of the system,
/// instead of exit 2 and a list of problems). The seeds are fixed, so a failure names the case that reproduces it.
/// </summary>
public sealed class MutatedInputTests
{
    /// <summary>Mutations per seed file; <c>CANVASS_MUTATIONS</c> raises it for a longer search.</summary>
    private static readonly int Mutations = int.TryParse(Environment.GetEnvironmentVariable("CANVASS_MUTATIONS"), CultureInfo.InvariantCulture, out var n) ? n : 300;

    private static readonly string[] Tokens =
    [
        "\"", ",", "\n", "\r\n", "\r", "{", "}", "[", "]", ":", "<", ">", "</", "/>", "&", "&#0;", "&#xD800;", "\\u0000", "\\ud800",
        "-1", "0", "99999999999999999999", "1e400", "-0", "1.5", "null", "true", "\"\"", "\0", "\t", " ", "|", ";", "=", "@",
        "\u00e9", "\uFEFF", "<!DOCTYPE x>", "<![CDATA[", "xsi:type=\"x\"", "@type", "@id", "ObjectId=\"x\"",
    ];

    private static readonly byte[][] RawBytes = [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x00], [0xEF, 0xBB, 0xBF]];

    public static TheoryData<string> Seeds => new(Cases.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void MutatedFile_IsReportedNeverThrown(string name)
    {
        var (seed, read) = Cases[name]();
        read(seed); // the seed itself reads (with or without problems)
        var failures = new List<string>();
        for (var i = 0; i < Mutations; i++)
        {
            var random = new Random(unchecked((StableHash(name) * 1_000_003) + i)); // the same edits in every run
            var mutated = Mutate(seed, random);
            try
            {
                read(mutated);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add($"{name} mutation {i}: {e.GetType().Name}: {e.Message}\n{e.StackTrace?.Split('\n').FirstOrDefault(f => f.Contains("Canvass.", StringComparison.Ordinal))}");
                if (failures.Count == 1)
                {
                    File.WriteAllBytes(Path.Combine(Path.GetTempPath(), $"canvass-mutated-{name}-{i}"), mutated);
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {Mutations} mutations threw:\n" + string.Join("\n", failures.Take(10)));
    }

    private static int StableHash(string text)
    {
        var h = 17;
        foreach (var c in text)
        {
            h = unchecked((h * 31) + c);
        }

        return h;
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var edits = 1 + random.Next(4);
        for (var e = 0; e < edits; e++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(1 + random.Next(64), bytes.Count - at));
                    break;
                case 2 when bytes.Count > 0:
                    var length = Math.Min(1 + random.Next(256), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                case 3:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)]));
                    break;
                case 4:
                    bytes.InsertRange(at, RawBytes[random.Next(RawBytes.Length)]);
                    break;
                case 5 when bytes.Count > 0:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    // A digit run replaced by another number.
                    var start = bytes.FindIndex(at, b => b is >= (byte)'0' and <= (byte)'9');
                    if (start >= 0)
                    {
                        var end = start;
                        while (end < bytes.Count && bytes[end] is >= (byte)'0' and <= (byte)'9')
                        {
                            end++;
                        }

                        bytes.RemoveRange(start, end - start);
                        bytes.InsertRange(start, Encoding.ASCII.GetBytes(random.Next(3) switch
                        {
                            0 => "-" + random.Next(1000).ToString(CultureInfo.InvariantCulture),
                            1 => long.MaxValue.ToString(CultureInfo.InvariantCulture) + "9",
                            _ => random.NextInt64().ToString(CultureInfo.InvariantCulture),
                        }));
                    }

                    break;
            }
        }

        return [.. bytes];
    }

    private static readonly Lazy<ElectionIndex> ExampleIndex = new(() =>
    {
        var read = ElectionReportReader.Read(RepositoryFolder.Combine("samples", "example", "election.json"));
        Assert.True(read.IsSuccess, string.Join("\n", read.Problems));
        return new ElectionIndex(read.Value!.Definition);
    });

    private static readonly Dictionary<string, Func<(byte[] Seed, Action<byte[]> Read)>> Cases = new(StringComparer.Ordinal)
    {
        ["canvass-csv"] = () => (Encoding.UTF8.GetBytes(
                "ballot_id,county,precinct,batch,vote_method,ballot_style,pres,council-a,mayor-b,rcv\n"
                + "b1,county-a,p1,bt1,election-day,,pres-a,ca-1|ca-2,,r1@1|r2@2\n"
                + "b2,county-a,p2,bt1,absentee-mail,bs-p2,pres-b,,,\n"
                + "b3,county-b,p3,bt2,early,,pres-a,,mb-2,r3@1\n"
                + "\"b4\",county-b,,bt2,provisional,,\"pres-a|pres-b\",,mb-1,\n"),
            bytes => ReadCvrs(new CanvassCsvCvrReader(), bytes, Cvr.TestElection.Index)),
        ["nist-cvr-json"] = () => NistCvr("cvr-gen-03.json", new NistCvrJsonReader()),
        ["nist-cvr-xml"] = () => NistCvr("cvr-gen-03.xml", new NistCvrXmlReader()),
        ["nist-cvr-extract-json"] = () => (File.ReadAllBytes(CvrExample("cvr-gen-02.json")), bytes => NistCvrElectionExtractor.FromJson(new MemoryStream(bytes), "f")),
        ["nist-cvr-extract-xml"] = () => (File.ReadAllBytes(CvrExample("example_1.xml")), bytes => NistCvrElectionExtractor.FromXml(new MemoryStream(bytes), "f")),
        ["election-json"] = () => (File.ReadAllBytes(RepositoryFolder.Combine("samples", "example", "election.json")), ReadReportJson),
        ["results-json"] = () => (File.ReadAllBytes(SharedFolder.Combine("standards", "nist-1500-100", "examples", "err-gen-01.json")), ReadReportJson),
        ["results-xml"] = () => (File.ReadAllBytes(SharedFolder.Combine("standards", "nist-1500-100", "examples", "err-gen-01.xml")), ReadReportXml),
        ["election-pre-json"] = () => (File.ReadAllBytes(SharedFolder.Combine("standards", "nist-1500-100", "examples", "pe-err-gen-01.json")), ReadReportJson),
        ["results-json-prim"] = () => (File.ReadAllBytes(SharedFolder.Combine("standards", "nist-1500-100", "examples", "err-prim-01.json")), ReadReportJson),
        ["electoral-rules"] = () => (File.ReadAllBytes(RepositoryFolder.Combine("rules", "electoral", "us-2020.json")), bytes =>
            Canvass.Formats.Electoral.ElectoralRulesReader.Read(new MemoryStream(bytes), "f")),
        ["electoral-votes-csv"] = () => (File.ReadAllBytes(RepositoryFolder.Combine("samples", "us2020", "us2020-electoral-votes.csv")), bytes =>
            Canvass.Formats.Electoral.ElectoralVotesCsvReader.Read(new MemoryStream(bytes), name => "cand-" + name, "f")),
        ["openelections-csv"] = () => (File.ReadAllBytes(RepositoryFolder.Combine("samples", "example", "ridge-totals.csv")), bytes =>
            OpenElectionsCsvReader.ReadPlaced(new MemoryStream(bytes), ExampleIndex.Value, "f", TestContext.Current.CancellationToken)),
        ["rcv-cdf-json"] = () => Rcv("test_set_0_skipped_first_choice", "test_set_0_skipped_first_choice_cvr.json"),
        ["rcv-cdf-xml"] = () => Rcv("nist_xml_cdf_2", "nist_xml_cdf_2.xml"),
        ["rcv-clear-ballot"] = () => Rcv("clear_ballot_kansas_primary", "clear_ballot_kansas_primary.cvr.csv"),
        ["rcv-dominion-manifest"] = () => Rcv("conversions_from_dominion", "../_shared/dominion_alaska/alaska_input_data/CandidateManifest.json"),
        ["rcv-dominion-cvr"] = () => Rcv("conversions_from_dominion", "../_shared/dominion_alaska/alaska_input_data/CvrExport.json"),
        ["rcv-ess-xlsx"] = () => Rcv("uwi_cannot_win_test", "uwi_cannot_win_test_cvr.xlsx"),
        ["rcv-generic-csv"] = () => Rcv("max_ranking_enforcement", "max_ranking_enforcement_cvr.csv"),
        ["rcv-hart"] = () => Rcv("hart_travis_county_officers", "../_shared/hart_cvr_archive/04917dca-3f9e-440e-a41a-98dc5e57376e.xml"),
        ["rctab-config"] = () => Rcv("test_set_0_skipped_first_choice", "test_set_0_skipped_first_choice_config.json"),
        ["manifest-csv"] = () => (Encoding.UTF8.GetBytes(
                "Jurisdiction,Container,Tabulator,Batch Name,Number of Ballots,CVR\n"
                + "Adams,Box 1,TAB1,Batch 1,25,Y\n"
                + "Adams,Box 1,TAB2,\"Batch, 2\",30,N\n"
                + "Brown,,,Batch 1,0,\n"),
            bytes => BallotManifestReader.Read(new MemoryStream(bytes), "f", null, TestContext.Current.CancellationToken)),
    };

    private static (byte[] Seed, Action<byte[]> Read) NistCvr(string name, ICvrReader reader)
    {
        using var stream = File.OpenRead(CvrExample(name));
        var election = name.EndsWith(".json", StringComparison.Ordinal)
            ? NistCvrElectionExtractor.FromJson(stream, name)
            : NistCvrElectionExtractor.FromXml(stream, name);
        Assert.True(election.IsSuccess, string.Join("\n", election.Problems));
        var index = new ElectionIndex(election.Value);
        return (File.ReadAllBytes(CvrExample(name)), bytes => ReadCvrs(reader, bytes, index));
    }

    /// <summary>An RCTab conformance case copied to a folder of its own (with the cases' shared sources), whose file
    /// <paramref name="file"/> (relative to the case's folder) each mutation replaces before the config is run end to
    /// end: its sources read and tabulated.</summary>
    private static (byte[] Seed, Action<byte[]> Read) Rcv(string name, string file)
    {
        var cases = SharedFolder.Combine("conformance", "rctab", "cases");
        // A folder of this test process's own: two test runs at once (two worktrees) each deleted the other's copy mid-run.
        var root = Path.Combine(Path.GetTempPath(), $"canvass-mutations-{Environment.ProcessId}", name + "-" + Path.GetFileName(file));
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        foreach (var folder in new[] { name, "_shared" })
        {
            foreach (var source in Directory.EnumerateFiles(Path.Combine(cases, folder), "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(root, Path.GetRelativePath(cases, source));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(source, target);
                File.SetAttributes(target, FileAttributes.Normal);
            }
        }

        var config = Path.Combine(root, name, name + "_config.json");
        var mutated = Path.GetFullPath(Path.Combine(root, name, file));
        return (File.ReadAllBytes(mutated), bytes =>
        {
            File.WriteAllBytes(mutated, bytes);
            _ = Canvass.Formats.Rctab.RctabRunner.Run(config, TestContext.Current.CancellationToken);
        });
    }

    private static string CvrExample(string name) => SharedFolder.Combine("standards", "nist-1500-103", "examples", name);

    private static void ReadCvrs(ICvrReader reader, byte[] bytes, ElectionIndex index)
    {
        var problems = new ProblemList("f");
        using var stream = new MemoryStream(bytes);
        foreach (var _ in reader.Read(stream, index, problems, TestContext.Current.CancellationToken))
        {
        }
    }

    private static void ReadReportJson(byte[] bytes) => ElectionReportReader.ReadJson(new MemoryStream(bytes), "f");

    private static void ReadReportXml(byte[] bytes) => ElectionReportReader.ReadXml(new MemoryStream(bytes), "f");
}
