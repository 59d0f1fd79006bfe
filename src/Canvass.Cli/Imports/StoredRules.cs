using System.Buffers;
using System.Text;
using System.Text.Json;
using Canvass.Domain;
using Canvass.Domain.Elections;
using Canvass.Domain.Projections;
using Canvass.Domain.Rcv;
using Canvass.Domain.Tabulation;
using Canvass.Formats.Rctab;
using Canvass.Ledger;

namespace Canvass.Cli.Imports;

/// <summary>Ranked-choice rules as a store keeps them: the <c>rules</c> object of an RCTab contest configuration, as JSON
/// text, read with <see cref="RctabConfig"/> so every rule means what it means to RCTab.</summary>
internal static class StoredRules
{
    /// <summary>The <c>rules</c> object of a config file, as canonical JSON text, with the typed rules it holds.</summary>
    public static Result<(string Json, RcvRules Rules)> FromConfigFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Result<(string, RcvRules)>.Failure(new Problem(ProblemCodes.Unreadable, "The config cannot be read: " + e.Message, path));
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            return Result<(string, RcvRules)>.Failure(new Problem(ProblemCodes.Malformed, "The config is not valid JSON: " + e.Message, path, e.LineNumber + 1));
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("rules", out var rules)
                || rules.ValueKind != JsonValueKind.Object)
            {
                return Result<(string, RcvRules)>.Failure(new Problem(ProblemCodes.Schema, "The config has no \"rules\" object.", path, null, "$.rules"));
            }

            var json = Canonical(rules);
            var parsed = Parse(json, path);
            return parsed.IsSuccess
                ? Result<(string, RcvRules)>.Success((json, parsed.Value))
                : Result<(string, RcvRules)>.Failure(parsed.Problems);
        }
    }

    /// <summary>Reads stored rules text: RCTab's own reading and validation, applied to the rules alone.</summary>
    public static Result<RcvRules> Parse(string rulesJson, string? file = null)
    {
        // RctabConfig reads a whole configuration; the other sections are filled with a minimal valid stand-in so that
        // only the rules can produce problems.
        var config = "{\"outputSettings\":{\"contestName\":\"rules\"},"
            + "\"cvrFileSources\":[{\"provider\":\"cdf\",\"filePath\":\"rules.json\",\"contestId\":\"rules\"}],"
            + "\"candidates\":[{\"name\":\"rules\"}],\"rules\":" + rulesJson + "}";
        var read = RctabConfig.Parse(config, file);
        return read.IsSuccess ? Result<RcvRules>.Success(read.Value.Rules) : Result<RcvRules>.Failure(read.Problems);
    }

    /// <summary>The rules a contest is counted with: its latest stored rules, else <see cref="RankedChoiceRounds.DefaultRules"/>.</summary>
    /// <exception cref="InvalidDataException">Stored rules no longer read (they were validated when stored).</exception>
    public static RcvRules For(ElectionState state, Contest contest)
    {
        if (!state.ContestRules.TryGetValue(contest.Id.Value, out var set))
        {
            return RankedChoiceRounds.DefaultRules(contest);
        }

        var parsed = Parse(set.RctabRules, set.Source);
        return parsed.IsSuccess
            ? parsed.Value
            : throw new InvalidDataException($"The stored rules of contest '{contest.Id}' do not read: {string.Join("; ", parsed.Problems)}");
    }

    private static string Canonical(JsonElement rules)
    {
        try
        {
            return Encoding.UTF8.GetString(CanonicalJson.Canonicalize(rules));
        }
        catch (FormatException)
        {
            // A fractional number (RCTab writes numbers as strings, but accepts numbers): compact, in file order.
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                rules.WriteTo(writer);
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
    }
}
