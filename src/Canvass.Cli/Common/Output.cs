using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Canvass.Domain;

namespace Canvass.Cli.Common;

/// <summary>Writes results for people (text) or programs (<c>--json</c>), and problems to standard error.</summary>
internal sealed class Output(TextWriter stdout, TextWriter stderr, bool json)
{
    public bool Json { get; } = json;

    public TextWriter Out { get; } = stdout;

    public TextWriter Error { get; } = stderr;

    /// <summary>True when a progress bar may be drawn: a terminal, and not <c>--json</c>.</summary>
    public bool Interactive => !Json && ReferenceEquals(Out, Console.Out) && !Console.IsOutputRedirected;

    public void Line(string text = "")
    {
        if (!Json)
        {
            Out.WriteLine(text);
        }
    }

    public void WriteJson<T>(T value, JsonTypeInfo<T> typeInfo) => Out.WriteLine(JsonSerializer.Serialize(value, typeInfo));

    /// <summary>Reports bad input and returns <see cref="ExitCodes.BadInput"/>.</summary>
    public int Problems(string message, IReadOnlyList<Problem> problems)
    {
        if (Json)
        {
            WriteJson(new ProblemReport(false, message, problems), CliJsonContext.Default.ProblemReport);
        }
        else
        {
            Error.WriteLine("error: " + message);
            foreach (var p in problems)
            {
                Error.WriteLine("  " + p);
            }
        }

        return ExitCodes.BadInput;
    }

    /// <summary>Reports one problem that is the whole message, and returns <see cref="ExitCodes.BadInput"/>: in text it is
    /// said once, with its code (and file, if any), not as a headline and then the same sentence again.</summary>
    public int Problem(string code, string message, string? file = null)
    {
        var problem = new Problem(code, message, file);
        if (!Json)
        {
            Error.WriteLine("error: " + problem);
            return ExitCodes.BadInput;
        }

        return Problems(message, [problem]);
    }
}
