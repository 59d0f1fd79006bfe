using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Canvass.Domain.Events;

namespace Canvass.Domain.Jurisdictions;

/// <summary>Every jurisdiction's rules, looked up by OCD-ID. <see cref="Default"/> holds the rules files shipped under
/// <c>rules/</c> (embedded in this assembly).</summary>
/// <threadsafety>Immutable.</threadsafety>
public sealed class RulesBook
{
    /// <summary>How the <see cref="JurisdictionRules.File"/> of rules set in the log starts (then the logged file's name).</summary>
    public const string LogFilePrefix = "log:";

    private static readonly Lazy<RulesBook> DefaultBook = new(LoadDefault);

    private RulesBook(ImmutableArray<JurisdictionRules> jurisdictions) => Jurisdictions = jurisdictions;

    /// <summary>Every jurisdiction, in file-name order.</summary>
    public ImmutableArray<JurisdictionRules> Jurisdictions { get; }

    /// <summary>The rules shipped with Canvass (<c>rules/*.json</c>).</summary>
    public static RulesBook Default => DefaultBook.Value;

    /// <summary>The rules of the jurisdiction with this OCD-ID or, failing that, of the nearest enclosing one
    /// (<c>…/state:ga/county:fulton</c> falls back to <c>…/state:ga</c>, then <c>ocd-division/country:us</c>).</summary>
    public JurisdictionRules? For(string? ocdId)
    {
        for (var id = ocdId; !string.IsNullOrEmpty(id); id = id.Contains('/', StringComparison.Ordinal) ? id[..id.LastIndexOf('/')] : null)
        {
            foreach (var j in Jurisdictions)
            {
                if (string.Equals(j.OcdId, id, StringComparison.Ordinal))
                {
                    return j;
                }
            }
        }

        return null;
    }

    /// <summary>The chain of rules from <paramref name="ocdId"/>'s jurisdiction outwards (state, then nation).</summary>
    public IReadOnlyList<JurisdictionRules> Chain(string? ocdId)
    {
        var chain = new List<JurisdictionRules>();
        for (var id = ocdId; !string.IsNullOrEmpty(id); id = id.Contains('/', StringComparison.Ordinal) ? id[..id.LastIndexOf('/')] : null)
        {
            chain.AddRange(Jurisdictions.Where(j => string.Equals(j.OcdId, id, StringComparison.Ordinal)));
        }

        return chain;
    }

    /// <summary>The chain of rules from <paramref name="ocdId"/>'s jurisdiction outwards as they govern a contest of scope
    /// <paramref name="contest"/> (<see cref="ContestScopes.Of"/>): each with only the deadlines and contest window that
    /// apply to it (<see cref="JurisdictionRules.For"/>), less any deadline counted from a deadline of the chain that does
    /// not apply (a state's date counted from the federal safe harbor is no governor's race's: it would never be known).</summary>
    public IReadOnlyList<JurisdictionRules> Chain(string? ocdId, ContestScope contest)
    {
        var all = Chain(ocdId);
        var named = all.SelectMany(j => j.Deadlines).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var chain = all.Select(j => j.For(contest)).ToList();
        while (true)
        {
            var kept = chain.SelectMany(j => j.Deadlines).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
            bool Orphaned(DeadlineRule d) => d.Rule.From is { } from && named.Contains(from) && !kept.Contains(from);
            if (!chain.Any(j => j.Deadlines.Any(Orphaned)))
            {
                return chain;
            }

            chain = [.. chain.Select(j => j.Deadlines.Any(Orphaned) ? j with { Deadlines = [.. j.Deadlines.Where(d => !Orphaned(d))] } : j)];
        }
    }

    /// <summary>Reads rules files (name and JSON text), listing every problem with its file, line and path.</summary>
    public static Result<RulesBook> Parse(IEnumerable<(string File, string Json)> files)
    {
        var problems = new List<Problem>();
        var list = new List<JurisdictionRules>();
        foreach (var (file, json) in files.OrderBy(f => f.File, StringComparer.Ordinal))
        {
            RulesFileJson? dto;
            try
            {
                dto = JsonSerializer.Deserialize(json, RulesJsonContext.Default.RulesFileJson);
            }
            catch (JsonException e)
            {
                problems.Add(new Problem(ProblemCodes.Schema, "The rules file does not read: " + e.Message, file, e.LineNumber + 1, e.Path));
                continue;
            }

            if (dto is null)
            {
                problems.Add(new Problem(ProblemCodes.EmptyFile, "The rules file is empty.", file));
                continue;
            }

            var before = problems.Count;
            var rules = Convert(dto, file, problems);
            if (rules is not null)
            {
                list.Add(rules);
            }

            // The checks after parsing know a problem's path; its line comes from where that path is in the text.
            if (problems.Count > before)
            {
                var lines = JsonPathLines.Of(json);
                for (var i = before; i < problems.Count; i++)
                {
                    if (problems[i] is { Line: null, Path: { } path })
                    {
                        problems[i] = problems[i] with { Line = lines.LineOf(path) };
                    }
                }
            }
        }

        foreach (var dup in list.GroupBy(j => j.OcdId, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add(new Problem(ProblemCodes.DuplicateId, $"OCD-ID {dup.Key} has rules in {string.Join(" and ", dup.Select(j => j.File))}.", dup.Last().File, null, "$.ocdId"));
        }

        return problems.Count > 0 ? Result<RulesBook>.Failure(problems) : Result<RulesBook>.Success(new RulesBook([.. list]));
    }

    /// <summary>This book with <paramref name="jurisdictions"/> in it: each replaces the jurisdiction with the same OCD-ID
    /// (in its place), or is added after the others.</summary>
    public RulesBook With(IEnumerable<JurisdictionRules> jurisdictions)
    {
        ArgumentNullException.ThrowIfNull(jurisdictions);
        var list = Jurisdictions.ToList();
        foreach (var j in jurisdictions)
        {
            var i = list.FindIndex(x => string.Equals(x.OcdId, j.OcdId, StringComparison.Ordinal));
            if (i >= 0)
            {
                list[i] = j;
            }
            else
            {
                list.Add(j);
            }
        }

        return new RulesBook([.. list]);
    }

    /// <summary>The rules in effect for a log: this book overlaid (<see cref="With"/>) by the latest of
    /// <paramref name="logged"/> (in log order) for each OCD-ID.</summary>
    /// <remarks>Logged rules were checked when they were set; they fail here, with every problem, only when their text
    /// does not match their hash or does not read with this build (a time zone this machine does not know), because an
    /// answer under other rules than the log's would be wrong without saying so.</remarks>
    public Result<RulesBook> WithLogged(IEnumerable<JurisdictionRulesSet> logged)
    {
        ArgumentNullException.ThrowIfNull(logged);
        var latest = new List<JurisdictionRulesSet>();
        foreach (var e in logged)
        {
            latest.RemoveAll(x => string.Equals(x.OcdId, e.OcdId, StringComparison.Ordinal));
            latest.Add(e);
        }

        if (latest.Count == 0)
        {
            return Result<RulesBook>.Success(this);
        }

        var problems = new List<Problem>();
        var rules = new List<JurisdictionRules>();
        foreach (var e in latest)
        {
            var file = LogFilePrefix + e.Source;
            if (!string.Equals(Sha256Of(e.Rules), e.Sha256, StringComparison.Ordinal))
            {
                problems.Add(new Problem(ProblemCodes.Inconsistent, $"The logged rules for {e.OcdId} do not match their SHA-256 {e.Sha256}.", file));
                continue;
            }

            var parsed = Parse([(file, e.Rules)]);
            if (!parsed.IsSuccess)
            {
                problems.AddRange(parsed.Problems);
            }
            else if (parsed.Value.Jurisdictions[0] is var j && !string.Equals(j.OcdId, e.OcdId, StringComparison.Ordinal))
            {
                problems.Add(new Problem(ProblemCodes.Inconsistent, $"The logged rules for {e.OcdId} are the rules of {j.OcdId}.", file, null, "$.ocdId"));
            }
            else
            {
                rules.Add(j);
            }
        }

        return problems.Count > 0 ? Result<RulesBook>.Failure(problems) : Result<RulesBook>.Success(With(rules));
    }

    /// <summary>Reads one rules file to put into the log: checked whole as <see cref="Parse"/> checks it (every problem
    /// with its file, line and path), then kept as canonical JSON text (comments and whitespace dropped, members in the
    /// file's order) with its SHA-256.</summary>
    /// <param name="file">The file's name or path, for problems; its last segment is the event's source.</param>
    /// <param name="json">The file's text.</param>
    public static Result<JurisdictionRulesSet> ParseForLog(string file, string json)
    {
        ArgumentNullException.ThrowIfNull(file);
        var parsed = Parse([(file, json)]);
        if (!parsed.IsSuccess)
        {
            return Result<JurisdictionRulesSet>.Failure(parsed.Problems);
        }

        var canonical = Canonical(json);
        return Result<JurisdictionRulesSet>.Success(
            new JurisdictionRulesSet(parsed.Value.Jurisdictions[0].OcdId, canonical, Sha256Of(canonical), Path.GetFileName(file)));
    }

    private static string Canonical(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) }))
        {
            document.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Sha256Of(string text) => System.Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static JurisdictionRules? Convert(RulesFileJson d, string file, List<Problem> problems)
    {
        var before = problems.Count;
        string Required(string? value, string path)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add(new Problem(ProblemCodes.Schema, "A value is required here.", file, null, path));
                return "";
            }

            return value;
        }

        DateRule? Rule(DateRuleJson? r, string path)
        {
            if (r is null)
            {
                problems.Add(new Problem(ProblemCodes.Schema, "A date rule is required here.", file, null, path));
                return null;
            }

            var relative = r.From is not null;
            var weekday = r.Month is not null && r.Weekday is not null && r.AfterNth is not null && r.AfterWeekday is not null;
            var fixedDay = r.Month is not null && r.Day is not null;
            if (!(relative || weekday || fixedDay) || (r.Month is { } m && (m < 1 || m > 12)))
            {
                problems.Add(new Problem(ProblemCodes.Schema,
                    "A date rule needs 'from' (with 'days'), or 'month' with 'weekday', 'afterNth' and 'afterWeekday', or 'month' with 'day'.", file, null, path));
                return null;
            }

            return new DateRule(r.From, r.Days, r.Business, r.Month, r.Day, r.Weekday, r.AfterNth, r.AfterWeekday, r.YearOffset);
        }

        DeadlineRule? Deadline(DeadlineJson? x, string path, string? defaultName = null)
        {
            if (x is null)
            {
                return null;
            }

            var rule = Rule(x.Rule, path + ".rule");
            var name = defaultName ?? Required(x.Name, path + ".name");
            var citation = Required(x.Citation, path + ".citation");
            var contests = Scope(x.AppliesTo, path + ".appliesTo");
            return rule is null ? null : new DeadlineRule(name, rule, citation, x.EffectiveFrom, x.EffectiveUntil, x.Verify, contests);
        }

        ContestScope? Scope(List<string?>? names, string path)
        {
            if (names is null)
            {
                return null;
            }

            if (names.Count == 0)
            {
                problems.Add(new Problem(ProblemCodes.BadValue,
                    $"'appliesTo' lists the contests the deadline applies to ({string.Join(", ", ContestScopes.Names)}); an empty list applies to none. Leave it out for every contest.",
                    file, null, path));
                return null;
            }

            var scope = ContestScope.None;
            for (var k = 0; k < names.Count; k++)
            {
                if (ContestScopes.Parse(names[k]) is { } s)
                {
                    scope |= s;
                }
                else
                {
                    problems.Add(new Problem(ProblemCodes.BadValue,
                        $"'{names[k]}' is not a kind of contest a deadline applies to: {string.Join(", ", ContestScopes.Names)}.", file, null, $"{path}[{k}]"));
                }
            }

            return scope;
        }

        var id = Required(d.Id, "$.id");
        var name = Required(d.Name, "$.name");
        var ocd = Required(d.OcdId, "$.ocdId");
        var zone = Required(d.TimeZone, "$.timeZone");
        if (zone.Length > 0 && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            problems.Add(new Problem(ProblemCodes.BadValue, $"Unknown time zone '{zone}'.", file, null, "$.timeZone"));
        }

        var counted = new List<(DateRule? Rule, ContestScope? Contests, string Path)>();
        var deadlines = ImmutableArray.CreateBuilder<DeadlineRule>();
        for (var i = 0; i < (d.Deadlines?.Count ?? 0); i++)
        {
            if (Deadline(d.Deadlines![i], $"$.deadlines[{i}]") is { } deadline)
            {
                deadlines.Add(deadline);
                counted.Add((deadline.Rule, deadline.Contests, $"$.deadlines[{i}].rule.from"));
            }
        }

        var bodies = ImmutableArray.CreateBuilder<CertifyingBody>();
        for (var i = 0; i < (d.CertifyingBodies?.Count ?? 0); i++)
        {
            var b = d.CertifyingBodies![i];
            var path = $"$.certifyingBodies[{i}]";
            var officials = ImmutableArray.CreateBuilder<CertifyingOfficial>();
            for (var k = 0; k < (b.Officials?.Count ?? 0); k++)
            {
                var o = b.Officials![k];
                var key = Required(o.PublicKey, $"{path}.officials[{k}].publicKey");
                if (key.Length > 0 && (!IsBase64(key, out var bytes) || bytes.Length != 32))
                {
                    problems.Add(new Problem(ProblemCodes.BadValue, "An Ed25519 public key is the base64 of 32 bytes.", file, null, $"{path}.officials[{k}].publicKey"));
                }

                officials.Add(new CertifyingOfficial(Required(o.Id, $"{path}.officials[{k}].id"), Required(o.Name, $"{path}.officials[{k}].name"), key));
            }

            if (b.Required < 1 || b.Required > officials.Count)
            {
                problems.Add(new Problem(ProblemCodes.BadValue, $"'required' must be between 1 and the number of officials ({officials.Count}).", file, null, path + ".required"));
            }

            bodies.Add(new CertifyingBody(Required(b.Id, path + ".id"), Required(b.Name, path + ".name"), Required(b.Level, path + ".level"), b.Required,
                officials.ToImmutable(), Required(b.Citation, path + ".citation")));
        }

        var recounts = ImmutableArray.CreateBuilder<RecountRule>();
        for (var i = 0; i < (d.Recounts?.Count ?? 0); i++)
        {
            var r = d.Recounts![i];
            var path = $"$.recounts[{i}]";
            if (r.Metric is null)
            {
                problems.Add(new Problem(ProblemCodes.Schema, "'metric' is required: percent-of-total, percent-of-top-two or absolute-votes.", file, null, path + ".metric"));
            }

            if (r.Threshold is < 0)
            {
                problems.Add(new Problem(ProblemCodes.BadValue, "A threshold is not negative.", file, null, path + ".threshold"));
            }

            var window = r.Window is null ? null : Rule(r.Window, path + ".window");
            counted.Add((window, null, path + ".window.from"));
            recounts.Add(new RecountRule(r.Automatic, r.Metric ?? RecountMetric.PercentOfTotal, r.Threshold, r.RequiresCertification, window,
                r.RequestedBy, r.Payer, r.Method, Required(r.Citation, path + ".citation"), r.EffectiveFrom, r.EffectiveUntil, r.Verify));
        }

        foreach (var (policy, expression) in d.Policies ?? [])
        {
            if (!Finality.BuiltInPolicies.Expressions.ContainsKey(policy))
            {
                problems.Add(new Problem(ProblemCodes.UnknownReference,
                    $"Only a built-in policy can be defined differently ({string.Join(", ", Finality.BuiltInPolicies.Names)}), not '{policy}'.", file, null, $"$.policies.{policy}"));
            }
            else if (Finality.FinalityPolicy.ParseExpression(expression) is { IsSuccess: false } bad)
            {
                problems.AddRange(bad.Problems.Select(p => p with { File = file, Path = $"$.policies.{policy}" }));
            }
        }

        var holidays = (d.Holidays ?? []).Select(h => new Holiday(h.Date, h.Name ?? "holiday")).ToImmutableArray();
        var contestWindow = Deadline(d.ContestWindow, "$.contestWindow", "contest-window");
        counted.Add((contestWindow?.Rule, contestWindow?.Contests, "$.contestWindow.rule.from"));

        // A date counted from a deadline is not known for a contest that deadline does not apply to.
        foreach (var (rule, contests, path) in counted)
        {
            if (deadlines.FirstOrDefault(a => string.Equals(rule?.From, a.Name, StringComparison.Ordinal) && !ContestScopes.Covers(a.Contests, contests)) is { Contests: { } only } anchor)
            {
                problems.Add(new Problem(ProblemCodes.Inconsistent,
                    $"'{anchor.Name}' applies only to {ContestScopes.NamesOf(only)} contests, so a date counted from it is not known for the other contests this applies to; give this an 'appliesTo' within '{anchor.Name}''s.",
                    file, null, path));
            }
        }
        return problems.Count > before
            ? null
            : new JurisdictionRules(id, name, ocd, zone, holidays, deadlines.ToImmutable(), bodies.ToImmutable(), recounts.ToImmutable(), contestWindow,
                [.. d.DecisionDesks ?? []], d.TotalElectors, (d.Policies ?? []).ToImmutableDictionary(StringComparer.Ordinal), file);
    }

    private static bool IsBase64(string text, out byte[] bytes)
    {
        bytes = new byte[(text.Length * 3 / 4) + 3];
        if (System.Convert.TryFromBase64String(text, bytes, out var n))
        {
            bytes = bytes[..n];
            return true;
        }

        return false;
    }

    private static RulesBook LoadDefault()
    {
        var assembly = typeof(RulesBook).Assembly;
        var files = new List<(string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Canvass.Domain.rules.", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            files.Add(("rules/" + resource["Canvass.Domain.rules.".Length..], reader.ReadToEnd()));
        }

        var book = Parse(files);
        return book.IsSuccess ? book.Value : throw new InvalidDataException("The shipped rules do not read: " + string.Join("; ", book.Problems));
    }
}
