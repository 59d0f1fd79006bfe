namespace Canvass.Cli.Common;

/// <summary>The exit codes every <c>canvass</c> command uses.</summary>
internal static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Ok = 0;

    /// <summary>A check failed (verification, an audit that did not confirm), or the system failed.</summary>
    public const int Failed = 1;

    /// <summary>The input was bad: a file, an argument, a store without an election. Nothing was stored.</summary>
    public const int BadInput = 2;
}
