namespace Canvass.Cli.Tests;

/// <summary>Assertions on a finished <see cref="CliRun"/>.</summary>
internal static class CliAssert
{
    /// <summary>The run exited with <paramref name="exitCode"/>, said <paramref name="reason"/> on stderr, and showed no stack trace.</summary>
    public static void Failed(CliRun run, int exitCode, string reason)
    {
        Assert.True(run.ExitCode == exitCode, run.ToString());
        Assert.Contains(reason, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }
}
