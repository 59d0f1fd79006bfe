using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Canvass.Domain;
using Canvass.Domain.Electoral;
using Canvass.Formats.Common;

namespace Canvass.Formats.Electoral;

/// <summary>Reads an Electoral College rules file (<c>rules/electoral/*.json</c>, described in
/// <c>docs/electoral-college.md</c>) into <see cref="ElectoralCollegeRules"/>, listing every problem with its JSON path.</summary>
public static class ElectoralRulesReader
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false };

    /// <summary>Reads and checks the rules (see <see cref="ElectoralCollegeRules.Check"/>).</summary>
    public static Result<ElectoralCollegeRules> Read(Stream stream, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var problems = new ProblemList(file);

        // A rules file is small: read it whole, so that bytes that are not UTF-8 (which JsonDocument leaves in strings
        // until they are read as text) are found, and located, before anything is read.
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        if (StrictUtf8.FirstInvalid(bytes.GetBuffer().AsSpan(0, (int)bytes.Length)) >= 0)
        {
            var (line, message) = StrictUtf8.Problem(bytes, 1);
            return Result<ElectoralCollegeRules>.Failure(new Problem(ProblemCodes.NotUtf8, message, file, line));
        }

        var utf8 = StrictUtf8.WithoutBom(bytes.GetBuffer().AsMemory(0, (int)bytes.Length));

        JsonDocument document;
        List<(string Path, string Name)>? duplicates;
        try
        {
            document = JsonDuplicates.Parse(utf8, Options, "$", out duplicates);
        }
        catch (JsonException e)
        {
            return Result<ElectoralCollegeRules>.Failure(new Problem(ProblemCodes.Malformed, "Not well-formed JSON: " + JsonMessages.WithoutPosition(e), file,
                e.LineNumber is { } line ? line + 1 : null, e.Path));
        }

        using (document)
        {
            var root = document.RootElement;
            if (JsonMessages.FindLoneSurrogate(bytes.GetBuffer().AsSpan(0, (int)bytes.Length), root) is { } at)
            {
                return Result<ElectoralCollegeRules>.Failure(new Problem(ProblemCodes.Malformed, JsonMessages.LoneSurrogate, file, null, at));
            }

            if (duplicates is not null)
            {
                JsonDuplicates.Report(duplicates, problems);
                return Result<ElectoralCollegeRules>.Failure(problems.ToImmutable());
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                return Result<ElectoralCollegeRules>.Failure(new Problem(ProblemCodes.Schema, "The rules must be a JSON object.", file, null, "$"));
            }

            var name = String(root, "$", "name", problems) ?? "";
            var from = Date(root, "$", "validFrom", problems);
            var until = Date(root, "$", "validUntil", problems);
            var total = Int(root, "$", "totalElectors", problems);
            var citations = Strings(root, "$", "citations", problems, required: true);
            var contingent = Contingent(root, problems);
            var states = ImmutableArray.CreateBuilder<ElectoralStateRule>();
            if (root.TryGetProperty("states", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var s in list.EnumerateArray())
                {
                    if (State(s, string.Create(CultureInfo.InvariantCulture, $"$.states[{i++}]"), problems) is { } rule)
                    {
                        states.Add(rule);
                    }
                }
            }
            else
            {
                problems.Add(ProblemCodes.Schema, "'states' must be an array of states.", null, "$.states");
            }

            if (problems.HasProblems)
            {
                return Result<ElectoralCollegeRules>.Failure(problems.ToImmutable());
            }

            var rules = new ElectoralCollegeRules(name, from, until, total, states.ToImmutable(), contingent!, citations);
            var check = rules.Check(file);
            return check.IsEmpty ? Result<ElectoralCollegeRules>.Success(rules) : Result<ElectoralCollegeRules>.Failure(check);
        }
    }

    private static ContingentElectionRule? Contingent(JsonElement root, ProblemList problems)
    {
        const string path = "$.contingentElection";
        if (!root.TryGetProperty("contingentElection", out var c) || c.ValueKind != JsonValueKind.Object)
        {
            problems.Add(ProblemCodes.Schema, "'contingentElection' must be an object.", null, path);
            return null;
        }

        return new ContingentElectionRule(
            Int(c, path, "presidentialFinalists", problems),
            Int(c, path, "votingStates", problems),
            Int(c, path, "vicePresidentialFinalists", problems),
            Strings(c, path, "citations", problems, required: true));
    }

    private static ElectoralStateRule? State(JsonElement s, string path, ProblemList problems)
    {
        if (s.ValueKind != JsonValueKind.Object)
        {
            problems.Add(ProblemCodes.Schema, "A state must be an object.", null, path);
            return null;
        }

        var code = String(s, path, "state", problems) ?? "";
        var name = String(s, path, "name", problems) ?? "";
        var ocd = String(s, path, "ocdId", problems) ?? "";
        var votes = Int(s, path, "electoralVotes", problems);
        var methodText = String(s, path, "method", problems);
        var countingText = String(s, path, "counting", problems);
        ElectoralMethod? method = methodText switch
        {
            "winner-take-all" => ElectoralMethod.WinnerTakeAll,
            "congressional-district" => ElectoralMethod.CongressionalDistrict,
            _ => null,
        };
        ElectoralCounting? counting = countingText switch
        {
            "plurality" => ElectoralCounting.Plurality,
            "ranked-choice" => ElectoralCounting.RankedChoice,
            _ => null,
        };
        if (methodText is not null && method is null)
        {
            problems.Add(ProblemCodes.BadValue, $"Unknown method '{methodText}': use winner-take-all or congressional-district.", null, path + ".method");
        }

        if (countingText is not null && counting is null)
        {
            problems.Add(ProblemCodes.BadValue, $"Unknown counting '{countingText}': use plurality or ranked-choice.", null, path + ".counting");
        }

        var citations = Strings(s, path, "citations", problems, required: false);
        var units = ImmutableArray.CreateBuilder<ElectoralUnitRule>();
        if (method == ElectoralMethod.CongressionalDistrict)
        {
            units.Add(new ElectoralUnitRule(ElectoralUnitRule.AtLarge, ocd, Int(s, path, "atLargeElectors", problems)));
            if (s.TryGetProperty("districts", out var districts) && districts.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var d in districts.EnumerateArray())
                {
                    var dp = string.Create(CultureInfo.InvariantCulture, $"{path}.districts[{i++}]");
                    units.Add(new ElectoralUnitRule(String(d, dp, "unit", problems) ?? "", String(d, dp, "ocdId", problems) ?? "", Int(d, dp, "electoralVotes", problems)));
                }
            }
            else
            {
                problems.Add(ProblemCodes.Schema, "A congressional-district state needs a 'districts' array.", null, path + ".districts");
            }
        }
        else
        {
            if (s.TryGetProperty("districts", out _))
            {
                problems.Add(ProblemCodes.Inconsistent, $"{code} is winner-take-all but lists districts.", null, path + ".districts");
            }

            units.Add(new ElectoralUnitRule(ElectoralUnitRule.AtLarge, ocd, votes));
        }

        return method is null || counting is null
            ? null
            : new ElectoralStateRule(code, name, votes, method.Value, counting.Value, units.ToImmutable(), citations);
    }

    private static string? String(JsonElement e, string path, string name, ProblemList problems)
    {
        if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s)
        {
            return s;
        }

        problems.Add(ProblemCodes.Schema, $"'{name}' must be a non-empty string.", null, $"{path}.{name}");
        return null;
    }

    private static int Int(JsonElement e, string path, string name, ProblemList problems)
    {
        if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= 0)
        {
            return n;
        }

        problems.Add(ProblemCodes.BadCount, $"'{name}' must be a whole number, zero or more.", null, $"{path}.{name}");
        return 0;
    }

    private static DateOnly Date(JsonElement e, string path, string name, ProblemList problems)
    {
        if (String(e, path, name, problems) is { } text)
        {
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return d;
            }

            problems.Add(ProblemCodes.BadValue, $"'{text}' is not a date (yyyy-MM-dd).", null, $"{path}.{name}");
        }

        return default;
    }

    private static ImmutableArray<string> Strings(JsonElement e, string path, string name, ProblemList problems, bool required)
    {
        if (!e.TryGetProperty(name, out var v))
        {
            if (required)
            {
                problems.Add(ProblemCodes.Schema, $"'{name}' must list at least one citation.", null, $"{path}.{name}");
            }

            return [];
        }

        if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String) || (required && v.GetArrayLength() == 0))
        {
            problems.Add(ProblemCodes.Schema, $"'{name}' must be an array of strings{(required ? ", not empty" : "")}.", null, $"{path}.{name}");
            return [];
        }

        return [.. v.EnumerateArray().Select(x => x.GetString()!)];
    }
}
