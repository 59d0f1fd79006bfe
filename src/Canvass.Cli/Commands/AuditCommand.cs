using System.CommandLine;
using Canvass.Audit.Workflow;
using Canvass.Cli.Audit;
using Canvass.Cli.Common;
using Canvass.Cli.Imports;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass audit create | seed | options | sample | retrieval-list | record | close-round | explain | status | report</c>:
/// a risk-limiting audit kept as events in the election's log.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var command = new Command("audit", "Run a risk-limiting audit over the committed CVRs and ballot manifests (see docs/auditing.md).");
        command.Subcommands.Add(AuditCreateCommand.Create());
        command.Subcommands.Add(AuditSeedCommand.Create());
        command.Subcommands.Add(AuditOptionsCommand.Create());
        command.Subcommands.Add(AuditSampleCommand.Create());
        command.Subcommands.Add(AuditRetrievalListCommand.Create());
        command.Subcommands.Add(AuditRecordCommand.Create());
        command.Subcommands.Add(AuditCloseRoundCommand.Create());
        command.Subcommands.Add(AuditExplainCommand.Create());
        command.Subcommands.Add(AuditStatusCommand.Create());
        command.Subcommands.Add(AuditReportCommand.Create());
        return command;
    }

    /// <summary>Builds an audit verb: the store, log key and <c>--json</c> options, and an action that loads the audit.</summary>
    public static Command Verb(
        string name,
        string description,
        bool writes,
        IEnumerable<Option> options,
        Func<ParseResult, Output, ElectionSession, AuditState, CancellationToken, Task<int>> body)
    {
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var logKey = LogOptions.LogKey();
        var command = new Command(name, description) { store, json };
        if (writes)
        {
            command.Options.Add(logKey);
        }

        foreach (var o in options)
        {
            command.Options.Add(o);
        }

        command.SetAction((parse, ct) =>
        {
            var output = new Output(Console.Out, Console.Error, parse.GetValue(json));
            async Task<int> Run(ElectionSession session) => await body(parse, output, session, await AuditStore.LoadAsync(session.Store, ct), ct);
            return writes
                ? StoreCommand.RunWritingAsync(output, parse.GetValue(store), parse.GetValue(logKey), requireElection: true, Run, ct)
                : StoreCommand.RunAsync(output, parse.GetValue(store), requireElection: true, mustExist: true, Run, ct);
        });
        return command;
    }
}
