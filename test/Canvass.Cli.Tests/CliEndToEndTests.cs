namespace Canvass.Cli.Tests;

/// <summary>A user's path through the tool: init, import, tabulate, re-import, export.</summary>
public sealed class CliEndToEndTests : IDisposable
{
    private readonly Canvass _canvass = new();

    public void Dispose() => _canvass.Dispose();

    private void InitAndImport()
    {
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        var run = _canvass.Run("import", "cvr", _canvass.Write("ballots.csv", TestElection.Ballots));
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public void Import_SaysHowManyItStored_OneAsOne()
    {
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        var lines = TestElection.Ballots.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var one = _canvass.Run("import", "cvr", _canvass.Write("one.csv", lines[0] + "\n" + lines[1] + "\n"));
        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.EndsWith("one.csv: 1 ballot", one.Stdout.TrimEnd(), StringComparison.Ordinal);

        var rest = _canvass.Run("import", "cvr", _canvass.Write("rest.csv", string.Join('\n', [lines[0], .. lines[2..]]) + "\n"));
        Assert.True(rest.ExitCode == 0, rest.ToString());
        Assert.EndsWith("rest.csv: 5 ballots", rest.Stdout.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Tabulate_HandCountedBallots_GivesHandCountedTotals()
    {
        InitAndImport();
        var t = Json.Parse(_canvass.Run("tabulate", "--json"));
        Assert.Equal(6, t.GetProperty("ballotsCounted").GetInt64());

        // Governor: B4 is overvoted, B5 left it blank.
        var gov = Json.Contest(t, "cc-gov");
        Assert.Equal((2, 1, 1), (Json.Votes(gov, "cs-gov-a"), Json.Votes(gov, "cs-gov-b"), Json.Votes(gov, "cs-gov-c")));
        Assert.Equal((6, 1, 1), (gov.GetProperty("ballotsCast").GetInt64(), gov.GetProperty("overvotes").GetInt64(), gov.GetProperty("undervotes").GetInt64()));
        Assert.Equal(["cs-gov-a"], Json.Winners(gov));

        // Vote for 2: B3 marks three (2 overvotes), B2 and B4 leave 1 and 2 unused; Yul and Zed tie for the second seat.
        var council = Json.Contest(t, "cc-council");
        Assert.Equal((3, 2, 2), (Json.Votes(council, "cs-co-x"), Json.Votes(council, "cs-co-y"), Json.Votes(council, "cs-co-z")));
        Assert.Equal((2, 3), (council.GetProperty("overvotes").GetInt64(), council.GetProperty("undervotes").GetInt64()));
        Assert.Equal(["cs-co-x"], Json.Winners(council));
        Assert.True(council.GetProperty("tieForLastPlace").GetBoolean());

        // Two-thirds measure: 4 of 6 is exactly two-thirds, which meets "at least two-thirds".
        var measure = Json.Contest(t, "bm-1");
        Assert.Equal((4, 2), (Json.Votes(measure, "bm-1-yes"), Json.Votes(measure, "bm-1-no")));
        Assert.True(measure.GetProperty("passed").GetBoolean());

        // District contest: only on ballots from precincts inside District 1 (B3 is from North 2).
        var d1 = Json.Contest(t, "cc-d1");
        Assert.Equal((3, 1), (Json.Votes(d1, "cs-d1-p"), Json.Votes(d1, "cs-d1-q")));
        Assert.Equal((5, 1), (d1.GetProperty("ballotsCast").GetInt64(), d1.GetProperty("undervotes").GetInt64()));
    }

    [Fact]
    public void Tabulate_ByCountyAndMethod_BreaksDownWithoutChangingTotals()
    {
        InitAndImport();
        var byCounty = Json.Contest(Json.Parse(_canvass.Run("tabulate", "--json", "--contest", "cc-gov", "--by", "county")), "cc-gov");
        var rows = byCounty.GetProperty("breakdown").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!, r => r.GetProperty("votes").EnumerateArray().Select(v => v.GetInt64()).ToArray());
        Assert.Equal([2, 1, 0], rows["ru-north"]);
        Assert.Equal([0, 0, 1], rows["ru-south"]);

        var byMethod = Json.Contest(Json.Parse(_canvass.Run("tabulate", "--json", "--contest", "cc-gov", "--by", "vote-method")), "cc-gov");
        var methods = byMethod.GetProperty("breakdown").EnumerateArray().Select(r => r.GetProperty("key").GetString()).ToArray();
        Assert.Equal(["absentee-mail", "early", "election-day", "provisional"], methods);
    }

    [Fact]
    public async Task Import_FileLargerThanOneWriteBatch_StoresAndCountsEveryBallot()
    {
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        const int n = 20_011;
        var sb = new System.Text.StringBuilder(TestElection.Header).Append('\n');
        for (var i = 0; i < n; i++)
        {
            var choice = (i % 3) switch { 0 => "cs-gov-a", 1 => "cs-gov-b", _ => "cs-gov-c" };
            sb.Append("L").Append(i).Append(",ru-south,ru-s1,b").Append(i / 250).Append(",early,").Append(choice).Append(",,,\n");
        }

        var path = _canvass.Write("large.csv", sb.ToString());
        Assert.Equal(0, _canvass.Run("import", "cvr", path).ExitCode);
        Assert.Equal((2L, (long)n), await StoreProbe.CountAsync(_canvass.Store));
        var gov = Json.Contest(Json.Parse(_canvass.Run("tabulate", "--json")), "cc-gov");
        Assert.Equal((6671L, 6670L, 6670L), (Json.Votes(gov, "cs-gov-a"), Json.Votes(gov, "cs-gov-b"), Json.Votes(gov, "cs-gov-c")));

        // Again: the file's digest, computed beside the reading, finds the first import and stops this one.
        var again = Json.Parse(_canvass.Run("import", "cvr", path, "--json"))[0];
        Assert.Equal("unchanged", again.GetProperty("status").GetString());
        Assert.Equal(n, again.GetProperty("records").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), again.GetProperty("sha256").GetString());
        Assert.Equal((2L, (long)n), await StoreProbe.CountAsync(_canvass.Store));
    }

    [Fact]
    public void Import_SameFileTwice_SecondChangesNothing()
    {
        InitAndImport();
        var again = _canvass.Run("import", "cvr", _canvass.PathOf("ballots.csv"));
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("unchanged", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(6, Json.Parse(_canvass.Run("tabulate", "--json")).GetProperty("ballotsCounted").GetInt64());

        var init = _canvass.Run("init", "--election", _canvass.PathOf("election.json"));
        Assert.Equal(0, init.ExitCode);
        Assert.Contains("unchanged", init.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_SameBallotsInAnotherFile_IsRefusedAsDuplicates()
    {
        InitAndImport();
        var copy = _canvass.Write("copy.csv", TestElection.Ballots + "B7,ru-south,ru-s1,b2,early,cs-gov-a,,bm-1-no,cs-d1-q\n");
        var run = _canvass.Run("import", "cvr", copy);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("duplicate-ballot", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("ballots.csv", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(6, Json.Parse(_canvass.Run("tabulate", "--json")).GetProperty("ballotsCounted").GetInt64());
    }

    [Fact]
    public void Json_ShowsTextAsItReads_NotAsHtmlEscapes()
    {
        // System.Text.Json's default escapes for HTML pages: "No contest \u0027N\u00FA\u00F1ez\u0027".
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        var run = _canvass.Run("tabulate", "--contest", "Núñez's <race>", "--json");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("No contest 'Núñez's <race>'", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", run.Stdout, StringComparison.Ordinal);
        using var doc = System.Text.Json.JsonDocument.Parse(run.Stdout);
        Assert.Equal("unknown-reference", doc.RootElement.GetProperty("problems")[0].GetProperty("code").GetString());
    }

    /// <summary>With <c>--contest</c> the text began "6 cast vote records tabulated", every ballot in the store, above a
    /// contest that 5 of them carry: it says how many carry the contest, of how many.</summary>
    [Fact]
    public void Tabulate_OneContest_SaysHowManyOfTheStoresBallotsCarryIt()
    {
        InitAndImport();

        var d1 = _canvass.Run("tabulate", "--contest", "cc-d1");
        var all = _canvass.Run("tabulate");

        Assert.True(d1.ExitCode == 0, d1.ToString());
        Assert.Equal("5 of the store's 6 cast vote records carry cc-d1", d1.Stdout.Split('\n')[0]);
        Assert.Equal("6 cast vote records tabulated", all.Stdout.Split('\n')[0]);
    }

    /// <summary>The JSON spelled a contest's kind and vote variation as C# names ("BallotMeasure", "NOfM"); they are the
    /// kebab-case names the NIST files, the stored events and the other <c>--json</c> values use.</summary>
    [Fact]
    public void Tabulate_Json_SpellsKindAndVoteVariationInKebabCase()
    {
        InitAndImport();

        var t = Json.Parse(_canvass.Run("tabulate", "--json"));

        string[] Spelled(string contest) =>
            [Json.Contest(t, contest).GetProperty("kind").GetString()!, Json.Contest(t, contest).GetProperty("voteVariation").GetString()!];
        Assert.Equal(["candidate", "plurality"], Spelled("cc-gov"));
        Assert.Equal(["candidate", "n-of-m"], Spelled("cc-council"));
        Assert.Equal(["ballot-measure", "super-majority"], Spelled("bm-1"));
    }

    [Fact]
    public void Tabulate_WithoutElection_ExitsTwoAndSaysWhatToDo()
    {
        var run = _canvass.Run("tabulate");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("canvass init", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);

        // One problem is said once, with its code: not a headline and then the same sentence again.
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("error: No store at ", line, StringComparison.Ordinal);
        Assert.EndsWith("[no-election]", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_OriginOtherThanTheExistingKeys_IsRefusedAndCreatesNothing()
    {
        var key = _canvass.PathOf("shared.key");
        var election = TestElection.WriteJson(_canvass);
        Assert.Equal(0, _canvass.Run(false, "init", "--store", _canvass.PathOf("a.db"), "--election", election, "--log-key", key, "--origin", "first.example/a").ExitCode);

        // The key names its log: a second --origin with it would have been ignored, making b.db a copy of a.db's log name.
        var run = _canvass.Run(false, "init", "--store", _canvass.PathOf("b.db"), "--election", election, "--log-key", key, "--origin", "second.example/b");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("signs the log 'first.example/a', not 'second.example/b'", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_canvass.PathOf("b.db")));

        // The same origin, or none, is the same log: init says unchanged.
        Assert.Equal(0, _canvass.Run(false, "init", "--store", _canvass.PathOf("a.db"), "--election", election, "--log-key", key, "--origin", "first.example/a").ExitCode);
    }

    [Fact]
    public void Init_SecondDifferentElection_IsRefused()
    {
        Assert.Equal(0, _canvass.Run("init", "--election", TestElection.WriteJson(_canvass)).ExitCode);
        var other = _canvass.Write("other.json", File.ReadAllText(_canvass.PathOf("election.json")).Replace("Test General Election", "Another Election", StringComparison.Ordinal));
        var run = _canvass.Run("init", "--election", other);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("one election", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseError_UnknownOption_ExitsTwo()
    {
        var run = _canvass.Run(false, "tabulate", "--no-such-option");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Run 'canvass tabulate --help' for usage.", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A number option given something else said "as expected type 'System.Int32'": the program's insides, not
    /// what to type.</summary>
    [Theory]
    [InlineData("rla sample-size --ballots 1000 --votes A=600,B=400 --risk-limit 5.5", "--risk-limit takes a whole number, not '5.5'.", "rla sample-size")]
    [InlineData("log prove --index first", "--index takes a whole number, not 'first'.", "log prove")]
    [InlineData("log prove --index 0 --size latest", "--size takes a whole number, not 'latest'.", "log prove")]
    public void ParseError_NotAWholeNumber_SaysWhatToType(string args, string expected, string command)
    {
        var run = _canvass.Run(false, args.Split(' '));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: " + expected, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", run.Stderr, StringComparison.Ordinal);
        Assert.EndsWith($"Run 'canvass {command} --help' for usage.\n", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseError_MissingOptionOfSubcommand_PointsAtThatCommandsHelp()
    {
        var run = _canvass.Run(false, "record", "call", "-c", "cc-1");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: Option '--caller' is required.", run.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("Run 'canvass record call --help' for usage.\n", run.Stderr, StringComparison.Ordinal);
    }
}
