using System.Text;
using System.Text.RegularExpressions;

namespace Canvass.Cli.Tests;

/// <summary>The <c>canvass</c> command lines a Markdown document shows: those in its <c>```sh</c> blocks, split into words as a
/// POSIX shell would (quotes, escapes, comments, line continuations, <c>&amp;&amp;</c> / <c>|</c> / <c>;</c>, redirections and
/// leading <c>NAME=value</c> assignments), and those in its inline code spans, as written words.</summary>
internal static partial class DocumentedCommands
{
    /// <summary>Each <c>canvass</c> invocation in the document's shell blocks, with its arguments (after <c>canvass</c>, after
    /// <c>dotnet run … --project src/Canvass.Cli --</c>, or after <c>dotnet …/canvass.dll</c>) and the line it starts on.</summary>
    public static IEnumerable<(int Line, string[] Args)> InShellBlocks(string markdown)
    {
        var lines = markdown.Split('\n');
        var inShell = false;
        var inOther = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var fence = line.TrimStart();
            if (fence.StartsWith("```", StringComparison.Ordinal))
            {
                if (inShell || inOther)
                {
                    (inShell, inOther) = (false, false);
                }
                else
                {
                    var language = fence[3..].Trim();
                    (inShell, inOther) = (language is "sh" or "bash" or "shell" or "console", language is not ("sh" or "bash" or "shell" or "console"));
                }

                continue;
            }

            if (!inShell)
            {
                continue;
            }

            var start = i + 1;
            var logical = new StringBuilder(line);
            while (logical.Length > 0 && logical[^1] == '\\' && i + 1 < lines.Length)
            {
                logical.Length--;
                logical.Append(' ').Append(lines[++i].TrimEnd('\r'));
            }

            foreach (var segment in Segments(Tokens(logical.ToString())))
            {
                if (Arguments(segment) is { } args)
                {
                    yield return (start, args);
                }
            }
        }
    }

    /// <summary>Each inline code span outside fenced blocks that starts with <c>canvass </c>, as its whitespace-separated words
    /// after <c>canvass</c> with synopsis brackets (<c>[ ] ( )</c>) and <c>=value</c> taken off, and the line it starts on.</summary>
    public static IEnumerable<(int Line, string[] Words)> InProse(string markdown)
    {
        var prose = Prose(markdown);
        foreach (Match span in InlineCanvass().Matches(prose))
        {
            var line = 1 + prose.AsSpan(0, span.Index).Count('\n');
            var words = span.Groups[1].Value
                .Split((char[])[' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries)
                .Select(w => w.Trim('[', ']', '(', ')', '…', '.', ','))
                .Select(w => w.StartsWith("--", StringComparison.Ordinal) && w.IndexOf('=', StringComparison.Ordinal) is > 0 and var eq ? w[..eq] : w)
                .Where(w => w.Length > 0 && w != "|")
                .ToArray();
            yield return (line, words);
        }
    }

    /// <summary>The document without its fenced blocks, each replaced by as many line breaks as it held, so that line
    /// numbers still count from the top of the file.</summary>
    public static string Prose(string markdown) =>
        FencedBlock().Replace(markdown, m => new string('\n', m.Value.Count(c => c == '\n')));

    private static string[]? Arguments(List<string> words)
    {
        var i = 0;
        while (i < words.Count && Assignment().IsMatch(words[i]))
        {
            i++;
        }

        if (i == words.Count)
        {
            return null;
        }

        if (words[i] == "canvass")
        {
            return [.. words.Skip(i + 1)];
        }

        if (words[i] != "dotnet" || i + 1 == words.Count)
        {
            return null;
        }

        if (words[i + 1].EndsWith("canvass.dll", StringComparison.Ordinal))
        {
            return [.. words.Skip(i + 2)];
        }

        var separator = words.IndexOf("--", i);
        return words[i + 1] == "run" && separator > 0 && words.Skip(i).Take(separator - i).Any(w => w.TrimEnd('/').EndsWith("src/Canvass.Cli", StringComparison.Ordinal))
            ? [.. words.Skip(separator + 1)]
            : null;
    }

    /// <summary>Simple commands: the words between control operators, with redirections and their targets taken out.</summary>
    private static IEnumerable<List<string>> Segments(IEnumerable<Token> tokens)
    {
        var words = new List<string>();
        var skipTarget = false;
        foreach (var token in tokens)
        {
            switch (token.Kind)
            {
                case TokenKind.Word when skipTarget:
                    skipTarget = false;
                    break;
                case TokenKind.Word:
                    words.Add(token.Text);
                    break;
                case TokenKind.Redirect:
                    skipTarget = true;
                    break;
                case TokenKind.RedirectToDescriptor:
                    break;
                case TokenKind.Control:
                    if (words.Count > 0)
                    {
                        yield return words;
                    }

                    words = [];
                    break;
            }
        }

        if (words.Count > 0)
        {
            yield return words;
        }
    }

    private static IEnumerable<Token> Tokens(string line)
    {
        var word = new StringBuilder();
        var inWord = false;
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    yield return Word();
                }

                i++;
            }
            else if (c == '#' && !inWord)
            {
                break;
            }
            else if (c == '\'')
            {
                var end = line.IndexOf('\'', i + 1);
                end = end < 0 ? line.Length : end;
                word.Append(line, i + 1, end - i - 1);
                inWord = true;
                i = end + 1;
            }
            else if (c == '"')
            {
                i++;
                while (i < line.Length && line[i] != '"')
                {
                    if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$' or '`')
                    {
                        i++;
                    }

                    if (line[i] == '$' && i + 1 < line.Length && line[i + 1] == '(')
                    {
                        i = Substitution(line, i, word);
                        continue;
                    }

                    word.Append(line[i++]);
                }

                inWord = true;
                i++;
            }
            else if (c == '\\' && i + 1 < line.Length)
            {
                word.Append(line[i + 1]);
                inWord = true;
                i += 2;
            }
            else if (c == '$' && i + 1 < line.Length && line[i + 1] == '(')
            {
                i = Substitution(line, i, word);
                inWord = true;
            }
            else if (c is '&' or '|' or ';')
            {
                if (inWord)
                {
                    yield return Word();
                }

                if (c == '&' && i + 1 < line.Length && line[i + 1] == '>')
                {
                    i += 2;
                    yield return new Token(TokenKind.Redirect, "&>");
                    continue;
                }

                i += i + 1 < line.Length && line[i + 1] == c ? 2 : 1;
                yield return new Token(TokenKind.Control, c.ToString());
            }
            else if (c is '>' or '<')
            {
                // "2>" names a descriptor: the digits before the operator are not a word.
                if (inWord && word.ToString().All(char.IsAsciiDigit))
                {
                    word.Clear();
                    inWord = false;
                }
                else if (inWord)
                {
                    yield return Word();
                }

                i++;
                if (i < line.Length && line[i] == c)
                {
                    i++;
                }

                if (i < line.Length && line[i] == '&')
                {
                    while (++i < line.Length && (char.IsAsciiDigit(line[i]) || line[i] == '-'))
                    {
                    }

                    yield return new Token(TokenKind.RedirectToDescriptor, ">&");
                }
                else
                {
                    yield return new Token(TokenKind.Redirect, c.ToString());
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
                i++;
            }
        }

        if (inWord)
        {
            yield return Word();
        }

        Token Word()
        {
            var text = word.ToString();
            word.Clear();
            inWord = false;
            return new Token(TokenKind.Word, text);
        }
    }

    /// <summary>Copies a <c>$( … )</c> command substitution at <paramref name="start"/> into the word as written (its output
    /// is not known here), and returns the index after it.</summary>
    private static int Substitution(string line, int start, StringBuilder word)
    {
        var depth = 0;
        var i = start + 1;
        for (; i < line.Length; i++)
        {
            depth += line[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth == 0)
            {
                break;
            }
        }

        var end = Math.Min(i + 1, line.Length);
        word.Append(line, start, end - start);
        return end;
    }

    private enum TokenKind
    {
        Word,
        Control,
        Redirect,
        RedirectToDescriptor,
    }

    private readonly record struct Token(TokenKind Kind, string Text);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*=")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"^[ \t]*```.*?^[ \t]*```[^\n]*$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"(?<!`)`canvass ([^`]+)`(?!`)")]
    private static partial Regex InlineCanvass();
}
