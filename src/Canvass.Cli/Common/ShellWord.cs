namespace Canvass.Cli.Common;

/// <summary>Text as one word of a command Canvass suggests, for a POSIX shell.</summary>
internal static class ShellWord
{
    /// <summary><paramref name="text"/> as it is when every character is one a shell reads literally; otherwise in single
    /// quotes, each <c>'</c> inside written as <c>'\''</c>.</summary>
    public static string Quote(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '+' or ',' or ':' or '@' or '%')
            ? text
            : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
