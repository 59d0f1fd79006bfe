using System.CommandLine;
using Canvass.Cli.Commands;

namespace Canvass.Cli;

/// <summary>The <c>canvass</c> command tree.</summary>
internal static class CanvassCommand
{
    public static RootCommand Create() => new("Canvass: from cast ballots to a result anyone can check.")
    {
        InitCommand.Create(),
        ImportCommand.Create(),
        TabulateCommand.Create(),
        ExportCommand.Create(),
        RulesCommand.Create(),
        LogCommand.Create(),
        VerifyCommand.Create(),
        DemoCommand.Create(),
        RcvCommand.Create(),
        AuditCommand.Create(),
        RecordCommand.Create(),
        FinalityCommand.Create(),
        DeadlinesCommand.Create(),
        RlaCommand.Create(),
        ElectoralCommand.Create(),
        SubscribeCommand.Create(),
        UnsubscribeCommand.Create(),
        NotifyCommand.Create(),
        SubscriptionsCommand.Create(),
    };
}
