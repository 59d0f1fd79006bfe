using Canvass.Cli.Commands;

namespace Canvass.Cli.Tests;

/// <summary>A log's default origin names its election readably: whole words only.</summary>
public sealed class OriginTests
{
    [Theory]
    [InlineData("2020 General Election: President (Electoral College; MEDSL returns, county level in six states)", "canvass/2020-general-election-president-electoral/0123abcd")]
    [InlineData("Example State General Election, 3 November 2026", "canvass/example-state-general-election-3-november-2026/0123abcd")]
    [InlineData("A twelve-letter-word exactly-ending-at-48 characters here", "canvass/a-twelve-letter-word-exactly-ending-at-48/0123abcd")]
    [InlineData("Wahlkreisübergreifendeabstimmungsergebnisermittlungsverfahrensordnung", "canvass/wahlkreis-bergreifendeabstimmungsergebnisermittl/0123abcd")]
    public void DefaultOrigin_CutsALongNameAfterItsLastWholeWord(string name, string origin) =>
        Assert.Equal(origin, InitCommand.DefaultOrigin(TestElection.Definition with { Name = name }, "0123abcdef"));
}
