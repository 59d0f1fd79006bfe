using System.CommandLine;

namespace Canvass.Cli.Rla;

/// <summary>The <c>rla sample-size</c> and <c>rla risk</c> calculators.</summary>
internal static class RlaCalculators
{
    public static IEnumerable<Command> Create() => [];
}
