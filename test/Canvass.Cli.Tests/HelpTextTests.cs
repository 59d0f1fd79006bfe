using System.Text.RegularExpressions;

namespace Canvass.Cli.Tests;

/// <summary><c>--help</c> states what the command does with each option, defaults included, as docs/cli.md does.</summary>
public sealed partial class HelpTextTests : IDisposable
{
    private readonly Canvass _canvass = new();

    public void Dispose() => _canvass.Dispose();

    public static TheoryData<string, string> Claims() => new()
    {
        // Where a command's defaults come from: the environment variable wins over the default path.
        { "tabulate", "(default: $CANVASS_STORE, else ./canvass.db)" },
        // A PostgreSQL store has no file to put its key beside.
        { "import cvr", "else STORE.log-key beside a SQLite store or ./canvass-log.key for a PostgreSQL store" },
        // The seed is refused above 100 characters, too.
        { "audit seed", "20 to 100 printable ASCII characters (single spaces between them allowed)" },
        // A sheet that contradicts itself is refused; a full hand tally records paper beyond the manifest; batch comparison
        // still refuses it.
        { "audit record", "A row whose votes its own Ballots cannot hold is refused; a full hand tally records ballots or votes a batch's manifest cannot hold as found, with a warning; batch comparison refuses such votes." },
        // A ballot-accounting discrepancy fails the round until explained.
        { "audit close-round", "every batch's paper fits its manifest ballots (explain each batch that does not with 'canvass audit explain')" },
        // The receipt stays text with --json.
        { "log prove-ballot", "Print problems as JSON; the receipt itself is always text" },
    };

    [Theory]
    [MemberData(nameof(Claims))]
    public void Help_StatesWhatTheOptionDoes(string command, string claim)
    {
        var help = _canvass.Run(false, [.. command.Split(' '), "--help"]);

        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains(claim, Whitespace().Replace(help.Stdout, " "), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
