using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Canvass.Domain;
using Canvass.Domain.Rcv;
using Canvass.Formats.Common;
using Canvass.Formats.Rcv;

namespace Canvass.Formats.Rctab;

/// <summary>RCTab's <c>outputSettings</c>: labels for the reports and slice options.</summary>
public sealed record RctabOutputSettings(
    string ContestName,
    string? OutputDirectory,
    string ContestDate,
    string ContestJurisdiction,
    string ContestOffice,
    bool TabulateByPrecinct,
    bool TabulateByBatch,
    bool GenerateCdfJson);

/// <summary>An RCTab contest configuration (<c>*_config.json</c>) read exactly as RCTab reads it: every rule value is a
/// string (numbers as JSON numbers are accepted too), booleans are <c>false</c> when absent, and invalid combinations are
/// reported with RCTab's meaning.</summary>
public sealed record RctabConfig(
    string? TabulatorVersion,
    RctabOutputSettings OutputSettings,
    ImmutableArray<RcvSource> Sources,
    ImmutableArray<RcvCandidate> Candidates,
    RcvRules Rules,
    string? RulesDescription)
{
    private static readonly string[] Reserved = ["exhausted", "uncounted", "residual surplus"];

    /// <summary>The contest to tabulate: candidates, rules, and whether undeclared write-ins take part.</summary>
    public RcvContest ToContest() => new(Candidates, Rules,
        Sources.Any(s => !string.IsNullOrEmpty(s.UndeclaredWriteInLabel) || s.TreatBlankAsUndeclaredWriteIn),
        OutputSettings.TabulateByPrecinct, OutputSettings.TabulateByBatch);

    /// <summary>Reads and validates a config file.</summary>
    public static Result<RctabConfig> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Result<RctabConfig>.Failure(new Problem(ProblemCodes.Unreadable, "The config cannot be read: " + e.Message, path));
        }

        return Parse(text, path);
    }

    /// <summary>Parses and validates a config's JSON text.</summary>
    /// <param name="json">The config text.</param>
    /// <param name="file">The file name, for messages.</param>
    public static Result<RctabConfig> Parse(string json, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            return Result<RctabConfig>.Failure(new Problem(ProblemCodes.Malformed, "The config is not valid JSON: " + e.Message, file, e.LineNumber + 1));
        }

        using (doc)
        {
            var p = new List<Problem>();
            void Add(string message, string path) => p.Add(new Problem(ProblemCodes.BadValue, message, file, null, path));
            var root = doc.RootElement;
            if (JsonMessages.FindLoneSurrogate(json, root) is { } at)
            {
                return Result<RctabConfig>.Failure(new Problem(ProblemCodes.Malformed, JsonMessages.LoneSurrogate, file, null, at));
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                return Result<RctabConfig>.Failure(new Problem(ProblemCodes.Schema, "The config must be a JSON object.", file));
            }

            var version = Str(root, "tabulatorVersion");
            var os = root.TryGetProperty("outputSettings", out var o) && o.ValueKind == JsonValueKind.Object ? o : default;
            var output = new RctabOutputSettings(
                Str(os, "contestName") ?? "",
                Str(os, "outputDirectory"),
                Str(os, "contestDate") ?? "",
                Str(os, "contestJurisdiction") ?? "",
                Str(os, "contestOffice") ?? "",
                Bool(os, "tabulateByPrecinct", "$.outputSettings", Add),
                Bool(os, "tabulateByBatch", "$.outputSettings", Add),
                Bool(os, "generateCdfJson", "$.outputSettings", Add));
            if (string.IsNullOrWhiteSpace(output.ContestName))
            {
                Add("contestName is required.", "$.outputSettings.contestName");
            }

            var sources = ImmutableArray.CreateBuilder<RcvSource>();
            if (root.TryGetProperty("cvrFileSources", out var srcs) && srcs.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                var seenPaths = new HashSet<string>(StringComparer.Ordinal);
                foreach (var s in srcs.EnumerateArray())
                {
                    var path = $"$.cvrFileSources[{i.ToString(CultureInfo.InvariantCulture)}]";
                    var r = RcvSource.FromJson(s, path);
                    if (r.IsSuccess)
                    {
                        sources.Add(r.Value);
                        if (!seenPaths.Add(r.Value.FilePath))
                        {
                            Add($"Duplicate filePath '{r.Value.FilePath}'.", path + ".filePath");
                        }

                        ValidateSource(r.Value, path, Add);
                    }
                    else
                    {
                        p.AddRange(r.Problems.Select(x => x with { File = x.File ?? file }));
                    }

                    i++;
                }
            }

            if (sources.Count == 0)
            {
                Add("At least one CVR source is required.", "$.cvrFileSources");
            }

            var candidates = ImmutableArray.CreateBuilder<RcvCandidate>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            if (root.TryGetProperty("candidates", out var cands) && cands.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var c in cands.EnumerateArray())
                {
                    var path = $"$.candidates[{i.ToString(CultureInfo.InvariantCulture)}]";
                    var name = Str(c, "name")?.Trim();
                    if (string.IsNullOrEmpty(name))
                    {
                        Add("A candidate needs a name.", path + ".name");
                        i++;
                        continue;
                    }

                    var aliases = ImmutableArray.CreateBuilder<string>();
                    if (c.TryGetProperty("aliases", out var al) && al.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var a in al.EnumerateArray())
                        {
                            if (a.ValueKind == JsonValueKind.String && a.GetString()!.Trim() is { Length: > 0 } alias)
                            {
                                aliases.Add(alias);
                            }
                        }
                    }

                    if (Str(c, "code")?.Trim() is { Length: > 0 } code)
                    {
                        aliases.Add(code);
                    }

                    foreach (var n in aliases.Prepend(name).Distinct(StringComparer.Ordinal))
                    {
                        if (!names.Add(n))
                        {
                            Add($"Candidate name or alias '{n}' appears more than once.", path);
                        }

                        if (Reserved.Contains(n, StringComparer.OrdinalIgnoreCase) || n == RankedCvr.UndeclaredWriteIn)
                        {
                            Add($"Candidate name or alias '{n}' is a reserved word.", path);
                        }
                    }

                    candidates.Add(new RcvCandidate(name, aliases.ToImmutable(), Bool(c, "excluded", path, Add)));
                    i++;
                }
            }

            if (!candidates.Any(c => !c.Excluded))
            {
                Add("At least one candidate that is not excluded is required.", "$.candidates");
            }

            var ru = root.TryGetProperty("rules", out var rr) && rr.ValueKind == JsonValueKind.Object ? rr : default;
            var rules = ReadRules(ru, Add);
            ValidateRules(rules, ru, sources, Add);
            return p.Count > 0
                ? Result<RctabConfig>.Failure(p)
                : Result<RctabConfig>.Success(new RctabConfig(version, output, sources.ToImmutable(), candidates.ToImmutable(), rules, Str(ru, "rulesDescription")));
        }
    }

    private static void ValidateSource(RcvSource s, string path, Action<string, string> add)
    {
        var ess = s.Provider == RcvProviders.Ess;
        var generic = s.Provider == RcvProviders.GenericCsv;
        if (ess || generic)
        {
            if (!string.IsNullOrEmpty(s.ContestId))
            {
                add($"contestId must be empty for provider {s.Provider}.", path + ".contestId");
            }

            if (s.FirstVoteColumnIndex is null)
            {
                add("firstVoteColumnIndex is required.", path + ".firstVoteColumnIndex");
            }

            if (ess && s.FirstVoteRowIndex is null or < 1)
            {
                add("firstVoteRowIndex is required and must be at least 1.", path + ".firstVoteRowIndex");
            }
        }
        else if (string.IsNullOrEmpty(s.ContestId))
        {
            add($"contestId is required for provider {s.Provider}.", path + ".contestId");
        }

        if (s.Provider == RcvProviders.Cdf && !s.FilePath.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            && !s.FilePath.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
        {
            add("A CDF file path must end in .json or .xml.", path + ".filePath");
        }

        if (!string.IsNullOrEmpty(s.OvervoteDelimiter) && !string.IsNullOrEmpty(s.OvervoteLabel))
        {
            add("overvoteDelimiter and overvoteLabel cannot both be set.", path);
        }
    }

    private static RcvRules ReadRules(JsonElement r, Action<string, string> add)
    {
        var mode = Str(r, "winnerElectionMode") switch
        {
            "singleWinnerMajority" or "standard" or "singleSeatContinueUntilTwoCandidatesRemain" => RcvWinnerMode.SingleWinnerMajority,
            "multiWinnerAllowMultipleWinnersPerRound" => RcvWinnerMode.MultiWinnerAllowMultipleWinnersPerRound,
            "multiWinnerAllowOnlyOneWinnerPerRound" or "multiSeatAllowOnlyOneWinnerPerRound" => RcvWinnerMode.MultiWinnerAllowOnlyOneWinnerPerRound,
            "bottomsUp" or "multiSeatBottomsUp" => RcvWinnerMode.BottomsUp,
            "bottomsUpUsingPercentageThreshold" => RcvWinnerMode.BottomsUpUsingPercentageThreshold,
            "multiPassIrv" or "multiSeatSequentialWinnerTakesAll" => RcvWinnerMode.MultiPassIrv,
            var other => Invalid(other, "winnerElectionMode", RcvWinnerMode.SingleWinnerMajority),
        };
        var overvote = Str(r, "overvoteRule") switch
        {
            "exhaustImmediately" => RcvOvervoteRule.ExhaustImmediately,
            "alwaysSkipToNextRank" => RcvOvervoteRule.AlwaysSkipToNextRank,
            "exhaustIfMultipleContinuing" => RcvOvervoteRule.ExhaustIfMultipleContinuing,
            var other => Invalid(other, "overvoteRule", RcvOvervoteRule.ExhaustImmediately),
        };
        var tiebreak = Str(r, "tiebreakMode") switch
        {
            "random" => RcvTiebreakMode.Random,
            "stopCountingAndAsk" or "interactive" => RcvTiebreakMode.StopCountingAndAsk,
            "previousRoundCountsThenRandom" => RcvTiebreakMode.PreviousRoundCountsThenRandom,
            "previousRoundCountsThenAsk" or "previousRoundCountsThenInteractive" => RcvTiebreakMode.PreviousRoundCountsThenAsk,
            "useCandidateOrder" or "usePermutationInConfig" => RcvTiebreakMode.UseCandidateOrder,
            "generatePermutation" => RcvTiebreakMode.GeneratePermutation,
            var other => Invalid(other, "tiebreakMode", RcvTiebreakMode.UseCandidateOrder),
        };
        var skipped = Str(r, "maxSkippedRanksAllowed");
        var maxRank = Str(r, "maxRankingsAllowed");
        var winners = Int(r, "numberOfWinners", add);
        var places = Int(r, "decimalPlacesForVoteArithmetic", add);
        return new RcvRules
        {
            WinnerMode = mode,
            NumberOfWinners = winners ?? -1,
            OvervoteRule = overvote,
            MaxSkippedRanksAllowed = string.Equals(skipped, "unlimited", StringComparison.OrdinalIgnoreCase) ? null : Int(r, "maxSkippedRanksAllowed", add) ?? -1,
            MaxRankingsAllowed = string.Equals(maxRank, "max", StringComparison.OrdinalIgnoreCase) ? null : Int(r, "maxRankingsAllowed", add) ?? -1,
            ExhaustOnDuplicateCandidate = Bool(r, "exhaustOnDuplicateCandidate", "$.rules", add),
            TiebreakMode = tiebreak,
            RandomSeed = Long(r, "randomSeed", add),
            BatchElimination = Bool(r, "batchElimination", "$.rules", add),
            ContinueUntilTwoCandidatesRemain = Bool(r, "continueUntilTwoCandidatesRemain", "$.rules", add) || Str(r, "winnerElectionMode") == "singleSeatContinueUntilTwoCandidatesRemain",
            DoesFirstRoundDetermineThreshold = Bool(r, "doesFirstRoundDetermineThreshold", "$.rules", add),
            StopTabulationEarlyAfterRound = Int(r, "stopTabulationEarlyAfterRound", add),
            HareQuota = Bool(r, "hareQuota", "$.rules", add),
            NonIntegerWinningThreshold = Bool(r, "nonIntegerWinningThreshold", "$.rules", add),
            DecimalPlacesForVoteArithmetic = places ?? 4,
            MultiSeatBottomsUpPercentageThreshold = Dec(r, "multiSeatBottomsUpPercentageThreshold", add),
            MinimumVoteThreshold = Dec(r, "minimumVoteThreshold", add),
            CutoffElimination = Bool(r, "cutoffElimination", "$.rules", add),
        };

        T Invalid<T>(string? value, string name, T fallback)
        {
            add(value is null ? $"{name} is required." : $"'{value}' is not a valid {name}.", "$.rules." + name);
            return fallback;
        }
    }

    private static void ValidateRules(RcvRules r, JsonElement ru, ImmutableArray<RcvSource>.Builder sources, Action<string, string> add)
    {
        const string P = "$.rules.";
        var multiSeatNonPass = r.WinnerMode is not (RcvWinnerMode.SingleWinnerMajority or RcvWinnerMode.MultiPassIrv);
        if (r.NumberOfWinners < 0)
        {
            add("numberOfWinners must be a whole number of at least 0.", P + "numberOfWinners");
        }
        else if (r.NumberOfWinners == 0 != (r.WinnerMode == RcvWinnerMode.BottomsUpUsingPercentageThreshold))
        {
            add("numberOfWinners 0 goes with bottomsUpUsingPercentageThreshold, and only with it.", P + "numberOfWinners");
        }

        if (r.WinnerMode == RcvWinnerMode.SingleWinnerMajority && r.NumberOfWinners > 1)
        {
            add("singleWinnerMajority needs numberOfWinners 1.", P + "numberOfWinners");
        }

        if (r.MaxSkippedRanksAllowed is < 0)
        {
            add("maxSkippedRanksAllowed must be a number of at least 0 or \"unlimited\".", P + "maxSkippedRanksAllowed");
        }

        if (r.MaxRankingsAllowed is < 1)
        {
            add("maxRankingsAllowed must be a number of at least 1 or \"max\".", P + "maxRankingsAllowed");
        }

        if (r.DecimalPlacesForVoteArithmetic is < 1 or > 20)
        {
            add("decimalPlacesForVoteArithmetic must be between 1 and 20.", P + "decimalPlacesForVoteArithmetic");
        }

        if (r.TiebreakMode is RcvTiebreakMode.Random or RcvTiebreakMode.PreviousRoundCountsThenRandom or RcvTiebreakMode.GeneratePermutation)
        {
            if (r.RandomSeed is null)
            {
                add("randomSeed is required for this tiebreakMode.", P + "randomSeed");
            }
            else if (r.RandomSeed is < -140737488355328L or > 140737488355327L)
            {
                add("randomSeed must be between -140737488355328 and 140737488355327.", P + "randomSeed");
            }
        }

        if (multiSeatNonPass && (r.ContinueUntilTwoCandidatesRemain || r.BatchElimination))
        {
            add("continueUntilTwoCandidatesRemain and batchElimination are allowed only for single-winner and multi-pass IRV.", P + "winnerElectionMode");
        }

        if (r.DoesFirstRoundDetermineThreshold && r.NumberOfWinners > 1)
        {
            add("doesFirstRoundDetermineThreshold is allowed only with one seat.", P + "doesFirstRoundDetermineThreshold");
        }

        if ((r.HareQuota || r.NonIntegerWinningThreshold) && !r.IsStv)
        {
            add("hareQuota and nonIntegerWinningThreshold are allowed only for the STV modes.", P + "hareQuota");
        }

        if (r.HareQuota && r.NonIntegerWinningThreshold)
        {
            add("hareQuota and nonIntegerWinningThreshold cannot both be set.", P + "hareQuota");
        }

        if (r.WinnerMode == RcvWinnerMode.BottomsUpUsingPercentageThreshold && r.MultiSeatBottomsUpPercentageThreshold is not (>= 1 and <= 100))
        {
            add("multiSeatBottomsUpPercentageThreshold must be between 1 and 100.", P + "multiSeatBottomsUpPercentageThreshold");
        }

        if (r.CutoffElimination && r.WinnerMode != RcvWinnerMode.BottomsUpUsingPercentageThreshold)
        {
            add("cutoffElimination is allowed only with bottomsUpUsingPercentageThreshold.", P + "cutoffElimination");
        }

        if (r.StopTabulationEarlyAfterRound is < 1)
        {
            add("stopTabulationEarlyAfterRound must be at least 1.", P + "stopTabulationEarlyAfterRound");
        }

        if (r.OvervoteRule == RcvOvervoteRule.ExhaustIfMultipleContinuing)
        {
            foreach (var s in sources.Where(s => !string.IsNullOrEmpty(s.OvervoteLabel)))
            {
                add("An overvoteLabel is allowed only with the exhaustImmediately and alwaysSkipToNextRank overvote rules.", P + "overvoteRule");
            }
        }

        _ = ru;
    }

    private static string? Str(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v))
        {
            return null;
        }

        var s = v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        return string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    }

    /// <summary>A boolean as RCTab's Jackson reads one: a JSON boolean, or the text <c>"true"</c> or <c>"false"</c>;
    /// absent or null is false. Anything else is refused: read as false, it would count under rules the operator did
    /// not write.</summary>
    private static bool Bool(JsonElement e, string name, string path, Action<string, string> add)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v))
        {
            return false;
        }

        switch (v.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False or JsonValueKind.Null:
                return false;
            case JsonValueKind.String when v.GetString() is "true" or "false":
                return v.GetString() == "true";
            default:
                add($"{name} must be true or false, not {v.GetRawText()}.", path + "." + name);
                return false;
        }
    }

    private static int? Int(JsonElement e, string name, Action<string, string> add)
    {
        var v = Long(e, name, add);
        if (v is null or (>= int.MinValue and <= int.MaxValue))
        {
            return (int?)v;
        }

        add($"{name} '{v.Value.ToString(CultureInfo.InvariantCulture)}' is too large.", "$.rules." + name);
        return null;
    }

    private static long? Long(JsonElement e, string name, Action<string, string> add) =>
        Parse(e, name, add, "a whole number", static (string s, out long v) => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v));

    private static decimal? Dec(JsonElement e, string name, Action<string, string> add) =>
        Parse(e, name, add, "a number", static (string s, out decimal v) =>
            decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out v));

    private delegate bool TryParser<T>(string text, out T value);

    private static T? Parse<T>(JsonElement e, string name, Action<string, string> add, string what, TryParser<T> parse)
        where T : struct
    {
        var s = Str(e, name);
        if (s is null)
        {
            return null;
        }

        if (parse(s, out var v))
        {
            return v;
        }

        add($"{name} '{s}' is not {what}.", "$.rules." + name);
        return null;
    }
}
