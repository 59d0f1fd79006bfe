namespace Canvass.Cli.Tests;

/// <summary>What one run of the real <c>canvass</c> process did.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr, long PeakRssBytes)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
