using System.CommandLine;
using System.CommandLine.Help;
using System.Text.RegularExpressions;
using Canvass.TestKit;

namespace Canvass.Cli.Tests;

/// <summary>The documentation and the command tree agree: every <c>canvass</c> command line in a shell block of the README,
/// the guides and the samples parses as written, every command and option named in prose exists, and every command and
/// option the tree has is in <c>docs/cli.md</c>. A renamed option or command fails here instead of in a reader's terminal.
/// Every relative link and every repository path a document names in code must exist, too.
/// What the commands then do is tested elsewhere (the README's tour, the example sample, the audit walkthrough).</summary>
public sealed partial class DocumentedCommandTests
{
    private static readonly string[] Documents =
    [
        "README.md",
        .. Directory.GetFiles(RepositoryFolder.Combine("docs"), "*.md").Select(Relative),
        .. Directory.GetFiles(RepositoryFolder.Combine("samples"), "*.md", SearchOption.AllDirectories).Select(Relative),
    ];

    public static TheoryData<string> DocumentFiles() => [.. Documents.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(DocumentFiles))]
    public void Every_command_line_in_a_shell_block_parses(string document)
    {
        var problems = new List<string>();
        foreach (var (line, args) in DocumentedCommands.InShellBlocks(Read(document)))
        {
            var parse = CanvassCommand.Create().Parse(args);
            problems.AddRange(parse.Errors.Select(e => $"{document}:{line}: canvass {string.Join(' ', args)}: {e.Message}"));
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(DocumentFiles))]
    public void Every_command_and_option_named_in_prose_exists(string document)
    {
        var problems = new List<string>();
        foreach (var (line, words) in DocumentedCommands.InProse(Read(document)))
        {
            var (command, rest) = Resolve(words);
            if (command is null)
            {
                problems.Add($"{document}:{line}: 'canvass {string.Join(' ', words)}' names no command");
                continue;
            }

            // A synopsis of a group ("canvass record KIND --contest C") names options of the commands under it.
            var options = Invocable(command).SelectMany(OptionsOf).ToHashSet();
            foreach (var option in rest.Where(w => w.StartsWith("--", StringComparison.Ordinal)))
            {
                if (!options.Contains(option))
                {
                    problems.Add($"{document}:{line}: 'canvass {string.Join(' ', words)}': {Path(command)} has no option {option}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(DocumentFiles))]
    public void Every_file_a_document_links_or_names_exists(string document)
    {
        var folder = System.IO.Path.GetDirectoryName(RepositoryFolder.Combine(document.Split('/')))!;
        var prose = DocumentedCommands.Prose(Read(document));
        var problems = new List<string>();
        foreach (Match link in RelativeLink().Matches(prose))
        {
            var target = link.Groups[1].Value.Split('#')[0];
            if (target.Length > 0 && !System.IO.Path.Exists(System.IO.Path.Combine(folder, target)))
            {
                problems.Add($"{document}: the link ({link.Groups[1].Value}) leads nowhere");
            }
        }

        foreach (Match named in RepositoryPath().Matches(prose))
        {
            var path = named.Groups[1].Value.TrimEnd('/');
            if (!path.Contains('*', StringComparison.Ordinal) && !System.IO.Path.Exists(RepositoryFolder.Combine(path.Split('/'))))
            {
                problems.Add($"{document}: `{named.Groups[1].Value}` is not in the repository");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Every_command_and_option_is_in_the_cli_reference()
    {
        var reference = CliReference.Read(Read("docs/cli.md"));
        var problems = new List<string>();
        foreach (var command in Invocable(CanvassCommand.Create()))
        {
            var path = Path(command);
            var top = path.Split(' ')[0];
            var sections = reference.SectionsOf(top);
            if (sections.Length == 0)
            {
                problems.Add($"docs/cli.md has no section for 'canvass {top}'");
                continue;
            }

            var text = string.Join('\n', sections);
            if (!Regex.IsMatch(text, $@"(?<![\w-]){Regex.Escape(command.Name)}(?![\w-])"))
            {
                problems.Add($"docs/cli.md does not name 'canvass {path}'");
            }

            foreach (var option in command.Options.Concat(Ancestors(command).SelectMany(c => c.Options.Where(o => o.Recursive))))
            {
                if (option.Hidden || option is HelpOption || option is VersionOption)
                {
                    continue;
                }

                if (!text.Contains(option.Name, StringComparison.Ordinal) && !reference.Preamble.Contains(option.Name, StringComparison.Ordinal))
                {
                    problems.Add($"docs/cli.md does not document {option.Name} of 'canvass {path}'");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Shell_lines_are_read_as_a_shell_would_split_them()
    {
        const string Markdown = """
            Some prose with `canvass tabulate --by county`.

            ```sh
            # a comment
            canvass import cvr a.csv b.csv   # trailing comment
            CANVASS_STORE=x.db canvass verify --key "$(canvass log key)" > out.txt 2>&1
            canvass record certify -c cc-1 --source 'a b' \
              | xxd -r -p > tally.bin
            canvass export bundle --out bundle/ && canvass verify --bundle bundle/; echo "exit $?"
            dotnet run -c Release --project src/Canvass.Cli -- demo --full
            dotnet artifacts/bin/Canvass.Cli/release/canvass.dll verify --store /tmp/demo.db
            ```

            ```csharp
            canvass not-shell
            ```
            """;

        var lines = DocumentedCommands.InShellBlocks(Markdown).Select(c => $"{c.Line}: {string.Join('|', c.Args)}");

        Assert.Equal(
        [
            "5: import|cvr|a.csv|b.csv",
            "6: verify|--key|$(canvass log key)",
            "7: record|certify|-c|cc-1|--source|a b",
            "9: export|bundle|--out|bundle/",
            "9: verify|--bundle|bundle/",
            "10: demo|--full",
            "11: verify|--store|/tmp/demo.db",
        ], lines);
        Assert.Equal(["1: tabulate|--by|county"], DocumentedCommands.InProse(Markdown).Select(c => $"{c.Line}: {string.Join('|', c.Words)}"));
    }

    /// <summary>A Markdown link to a file in the repository (not a URL, not an anchor on the same page).</summary>
    [GeneratedRegex(@"\]\((?![a-z]+:|#)([^)\s]+)\)")]
    private static partial Regex RelativeLink();

    /// <summary>A repository path in code (<c>`docs/formats.md`</c>, <c>`rules/us.json`</c>); one with <c>*</c> is a pattern
    /// and one with an ellipsis is shortened, so neither is checked.</summary>
    [GeneratedRegex(@"`((?:docs|samples|src|test|bench|rules|eng|\.ci)/[A-Za-z0-9_./-]*[a-z0-9_/])`")]
    private static partial Regex RepositoryPath();

    private static string Relative(string path) => System.IO.Path.GetRelativePath(RepositoryFolder.Path, path).Replace('\\', '/');

    private static string Read(string document) => File.ReadAllText(RepositoryFolder.Combine(document.Split('/')));

    /// <summary>The deepest command the leading words name, and the words after it.</summary>
    private static (Command? Command, string[] After) Resolve(IReadOnlyList<string> words)
    {
        Command command = CanvassCommand.Create();
        var i = 0;
        while (i < words.Count && command.Subcommands.FirstOrDefault(c => c.Name == words[i] || c.Aliases.Contains(words[i])) is { } next)
        {
            command = next;
            i++;
        }

        return (i == 0 && words.Count > 0 && !words[0].StartsWith('-') ? null : command, [.. words.Skip(i)]);
    }

    private static HashSet<string> OptionsOf(Command command) =>
    [
        .. command.Options.SelectMany(o => o.Aliases.Append(o.Name)),
        .. Ancestors(command).SelectMany(c => c.Options.Where(o => o.Recursive)).SelectMany(o => o.Aliases.Append(o.Name)),
    ];

    private static IEnumerable<Command> Ancestors(Command command)
    {
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            yield return parent;
        }
    }

    /// <summary>The command and those under it that run something (a group such as <c>record</c> only lists its commands).</summary>
    private static IEnumerable<Command> Invocable(Command command) =>
        (command.Action is null ? [] : new[] { command }).Concat(command.Subcommands.Where(c => !c.Hidden).SelectMany(Invocable));

    private static string Path(Command command) =>
        string.Join(' ', Ancestors(command).Reverse().Skip(1).Select(c => c.Name).Append(command.Name));

    /// <summary><c>docs/cli.md</c> by its <c>## </c> sections; a section belongs to every top-level command its heading names.</summary>
    private sealed class CliReference
    {
        private readonly List<(string Heading, string Text)> _sections = [];

        public string Preamble { get; private set; } = "";

        public static CliReference Read(string markdown)
        {
            var reference = new CliReference();
            var parts = markdown.Split("\n## ");
            reference.Preamble = parts[0];
            foreach (var part in parts.Skip(1))
            {
                var end = part.IndexOf('\n', StringComparison.Ordinal);
                reference._sections.Add((end < 0 ? part : part[..end], part));
            }

            return reference;
        }

        public string[] SectionsOf(string top) =>
            [.. _sections.Where(s => Regex.IsMatch(s.Heading, $@"canvass {Regex.Escape(top)}(?![\w-])")).Select(s => s.Text)];
    }
}
