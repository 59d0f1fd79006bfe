using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
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

    /// <summary>Says something the user should act on although the command did what it was asked (text only: the
    /// <c>--json</c> result carries the same in its own fields), on standard error.</summary>
    public void Warning(string text)
    {
        if (!Json)
        {
            Error.WriteLine("warning: " + text);
        }
    }

    /// <summary>How <c>--json</c> output is written: indented, and with text as it reads (<c>'</c>, <c>&lt;</c>, <c>é</c>) rather
    /// than as <c>\u0027</c>-style escapes, which System.Text.Json's default makes for HTML pages. The output is a terminal or
    /// a file, never HTML; only what JSON itself requires (quotes, backslashes, control characters) is escaped. The JSON files
    /// the CLI keeps for people (the verifier's state) are written the same way.</summary>
    internal static readonly JsonWriterOptions JsonWriting = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public void WriteJson<T>(T value, JsonTypeInfo<T> typeInfo) => Out.WriteLine(ToJson(value, typeInfo));

    /// <summary>The JSON <see cref="WriteJson"/> prints.</summary>
    public static string ToJson<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

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
    public int Problem(string code, string message, string? file = null) => Problem(new Problem(code, message, file));

    /// <inheritdoc cref="Problem(string, string, string?)"/>
    public int Problem(Problem problem) => Report(problem, ExitCodes.BadInput);

    /// <summary>Reports a failed check (the request was fine; what it asks for does not hold), said as
    /// <see cref="Problem(Problem)"/> says a problem, and returns <see cref="ExitCodes.Failed"/>.</summary>
    public int Failure(Problem problem) => Report(problem, ExitCodes.Failed);

    private int Report(Problem problem, int exitCode)
    {
        if (Json)
        {
            WriteJson(new ProblemReport(false, problem.Message, [problem]), CliJsonContext.Default.ProblemReport);
        }
        else
        {
            Error.WriteLine("error: " + problem);
        }

        return exitCode;
    }
}
