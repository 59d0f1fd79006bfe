using System.Globalization;
using System.Text;

namespace Canvass.Domain;

/// <summary>One thing wrong with untrusted input: what, and exactly where.</summary>
/// <param name="Code">A stable code from <see cref="ProblemCodes"/>.</param>
/// <param name="Message">A sentence an election official can act on.</param>
/// <param name="File">The file the problem is in, when the input came from a file.</param>
/// <param name="Line">The 1-based line (CSV) or line of the element (JSON, XML), when known.</param>
/// <param name="Path">The JSON path, XML path or CSV column, when known.</param>
/// <threadsafety>Immutable.</threadsafety>
public sealed record Problem(string Code, string Message, string? File = null, long? Line = null, string? Path = null)
{
    /// <summary>Formats the problem as <c>file:line: path: message [code]</c>, leaving out what is unknown.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (File is not null)
        {
            sb.Append(File);
            if (Line is { } line)
            {
                sb.Append(':').Append(line.ToString(CultureInfo.InvariantCulture));
            }

            sb.Append(": ");
        }
        else if (Line is { } line)
        {
            sb.Append("line ").Append(line.ToString(CultureInfo.InvariantCulture)).Append(": ");
        }

        if (Path is not null)
        {
            sb.Append(Path).Append(": ");
        }

        sb.Append(Message).Append(" [").Append(Code).Append(']');
        return sb.ToString();
    }
}
