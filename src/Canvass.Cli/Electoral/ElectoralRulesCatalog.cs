using Canvass.Domain;
using Canvass.Domain.Electoral;
using Canvass.Formats.Electoral;

namespace Canvass.Cli.Electoral;

/// <summary>The Electoral College rules: a file named on the command line, or the copy of <c>rules/electoral/*.json</c>
/// embedded in the tool whose validity covers the election day.</summary>
internal static class ElectoralRulesCatalog
{
    private const string Prefix = "Canvass.Cli.rules.electoral.";

    public static Result<ElectoralCollegeRules> Load(string? file, DateOnly electionDay)
    {
        if (file is not null)
        {
            try
            {
                using var stream = File.OpenRead(file);
                return ElectoralRulesReader.Read(stream, file);
            }
            catch (IOException e)
            {
                return Result<ElectoralCollegeRules>.Failure(new Problem(ProblemCodes.Unreadable, e.Message, file));
            }
            catch (UnauthorizedAccessException e)
            {
                return Result<ElectoralCollegeRules>.Failure(new Problem(ProblemCodes.Unreadable, e.Message, file));
            }
        }

        var assembly = typeof(ElectoralRulesCatalog).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            var rules = ElectoralRulesReader.Read(stream, "rules/electoral/" + name[Prefix.Length..]);
            if (!rules.IsSuccess)
            {
                throw new InvalidOperationException("The embedded Electoral College rules are invalid: " + rules.Problems[0]);
            }

            if (rules.Value.AppliesTo(electionDay))
            {
                return rules;
            }
        }

        return Result<ElectoralCollegeRules>.Failure(new Problem(ProblemCodes.Unsupported,
            $"No Electoral College rules built in for an election on {electionDay:yyyy-MM-dd}; pass a rules file with --rules (see docs/electoral-college.md)."));
    }
}
