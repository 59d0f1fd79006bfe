using System.Globalization;
using System.Text.Json;
using Canvass.Domain;

namespace Canvass.Formats.Rcv;

/// <summary>One entry of an RCTab config's <c>cvrFileSources</c>, with every field named as RCTab names it. Empty
/// strings in the config are read as absent.</summary>
public sealed record RcvSource(
    string Provider,
    string FilePath,
    string? ContestId,
    int? FirstVoteColumnIndex,
    int? FirstVoteRowIndex,
    int? IdColumnIndex,
    int? PrecinctColumnIndex,
    int? BatchColumnIndex,
    string? OvervoteDelimiter,
    string? OvervoteLabel,
    string? SkippedRankLabel,
    string? UndeclaredWriteInLabel,
    bool TreatBlankAsUndeclaredWriteIn)
{
    /// <summary>Reads one <c>cvrFileSources</c> entry. RCTab stores numbers as strings (<c>"2"</c>); JSON numbers are
    /// accepted too. <paramref name="path"/> is the JSON path of the entry, for messages.</summary>
    public static Result<RcvSource> FromJson(JsonElement source, string path)
    {
        var problems = new List<Problem>();
        if (source.ValueKind != JsonValueKind.Object)
        {
            return Result<RcvSource>.Failure(new Problem(ProblemCodes.Schema, "A CVR source must be a JSON object.", Path: path));
        }

        var provider = Text(source, "provider", path, problems);
        var filePath = Text(source, "filePath", path, problems);
        if (provider is null)
        {
            problems.Add(new Problem(ProblemCodes.Schema, "The CVR source has no provider.", Path: path + ".provider"));
        }
        else if (!RcvProviders.All.Contains(provider, StringComparer.Ordinal))
        {
            problems.Add(new Problem(ProblemCodes.Unsupported,
                $"Unknown CVR provider '{provider}'; expected one of {string.Join(", ", RcvProviders.All)}.", Path: path + ".provider"));
        }

        if (filePath is null)
        {
            problems.Add(new Problem(ProblemCodes.Schema, "The CVR source has no filePath.", Path: path + ".filePath"));
        }

        var firstColumn = Index(source, "firstVoteColumnIndex", path, problems);
        var firstRow = Index(source, "firstVoteRowIndex", path, problems);
        var id = Index(source, "idColumnIndex", path, problems);
        var precinct = Index(source, "precinctColumnIndex", path, problems);
        var batch = Index(source, "batchColumnIndex", path, problems);
        var contestId = Text(source, "contestId", path, problems);
        var delimiter = Text(source, "overvoteDelimiter", path, problems);
        var overvote = Text(source, "overvoteLabel", path, problems);
        var skipped = Text(source, "skippedRankLabel", path, problems) ?? Text(source, "undervoteLabel", path, problems);
        var uwi = Text(source, "undeclaredWriteInLabel", path, problems);
        var blankAsUwi = false;
        if (source.TryGetProperty("treatBlankAsUndeclaredWriteIn", out var blank))
        {
            if (blank.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                blankAsUwi = blank.GetBoolean();
            }
            else if (blank.ValueKind != JsonValueKind.Null)
            {
                problems.Add(new Problem(ProblemCodes.Schema, "treatBlankAsUndeclaredWriteIn must be true or false.",
                    Path: path + ".treatBlankAsUndeclaredWriteIn"));
            }
        }

        if (provider is RcvProviders.Ess or RcvProviders.GenericCsv)
        {
            if (firstColumn is null)
            {
                problems.Add(new Problem(ProblemCodes.Schema, $"A '{provider}' source needs firstVoteColumnIndex.", Path: path + ".firstVoteColumnIndex"));
            }

            if (firstRow is null)
            {
                problems.Add(new Problem(ProblemCodes.Schema, $"A '{provider}' source needs firstVoteRowIndex.", Path: path + ".firstVoteRowIndex"));
            }
        }
        else if (provider is not null && RcvProviders.All.Contains(provider, StringComparer.Ordinal) && contestId is null)
        {
            problems.Add(new Problem(ProblemCodes.Schema, $"A '{provider}' source needs contestId.", Path: path + ".contestId"));
        }

        if (delimiter is not null && overvote is not null)
        {
            problems.Add(new Problem(ProblemCodes.BadValue, "overvoteDelimiter and overvoteLabel cannot both be set.", Path: path + ".overvoteDelimiter"));
        }

        if (delimiter is not null && (delimiter.Contains('\\', StringComparison.Ordinal)
            || delimiter.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or ',' or '\'' or '"' or '-' or ' ')))
        {
            problems.Add(new Problem(ProblemCodes.BadValue,
                "overvoteDelimiter must have no backslash and at least one character other than letters, digits, spaces and .,'\"-.",
                Path: path + ".overvoteDelimiter"));
        }

        if (problems.Count > 0)
        {
            return Result<RcvSource>.Failure(problems);
        }

        return Result<RcvSource>.Success(new RcvSource(provider!, filePath!, contestId, firstColumn, firstRow, id, precinct, batch,
            delimiter, overvote, skipped, uwi, blankAsUwi));
    }

    private static string? Text(JsonElement source, string name, string path, List<Problem> problems)
    {
        if (!source.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        if (text is null)
        {
            problems.Add(new Problem(ProblemCodes.Schema, $"{name} must be a string.", Path: path + "." + name));
            return null;
        }

        return text.Length == 0 ? null : text;
    }

    private static int? Index(JsonElement source, string name, string path, List<Problem> problems)
    {
        var text = Text(source, name, path, problems);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index < 1)
        {
            problems.Add(new Problem(ProblemCodes.BadValue, $"{name} must be a whole number of 1 or more, not '{text}'.", Path: path + "." + name));
            return null;
        }

        return index;
    }
}

/// <summary>The <c>provider</c> values RCTab accepts.</summary>
public static class RcvProviders
{
    public const string Ess = "ess";
    public const string Cdf = "cdf";
    public const string Dominion = "dominion";
    public const string ClearBallot = "clearBallot";
    public const string Hart = "hart";
    public const string GenericCsv = "genericCsv";

    public static IReadOnlyList<string> All { get; } = [Ess, Cdf, Dominion, ClearBallot, Hart, GenericCsv];
}
