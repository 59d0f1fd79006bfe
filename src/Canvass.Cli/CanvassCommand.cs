using System.CommandLine;
using Canvass.Cli.Commands;

namespace Canvass.Cli;

/// <summary>The <c>canvass</c> command tree.</summary>
internal static class CanvassCommand
{
    public static RootCommand Create()
    {
        var root = Commands();
        RefuseEmptyPaths(root);
        return root;
    }

    // An empty argument where a file or folder is expected ('' from a shell variable that was never set) is a usage
    // error like any other. System.CommandLine reports it for a single path but lets it through in a list, where it
    // became a null FileInfo and an exception.
    private static void RefuseEmptyPaths(Command command)
    {
        foreach (var option in command.Options.Where(o => IsPath(o.ValueType)))
        {
            option.Validators.Add(result =>
            {
                if (result.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value)))
                {
                    result.AddError($"{option.Name} is given an empty path.");
                }
            });
        }

        foreach (var argument in command.Arguments.Where(a => IsPath(a.ValueType)))
        {
            argument.Validators.Add(result =>
            {
                if (result.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value)))
                {
                    result.AddError($"An empty path is given as {argument.Name}.");
                }
            });
        }

        foreach (var sub in command.Subcommands)
        {
            RefuseEmptyPaths(sub);
        }
    }

    private static bool IsPath(Type type)
    {
        var element = type.IsArray ? type.GetElementType()! : Nullable.GetUnderlyingType(type) ?? type;
        return typeof(FileSystemInfo).IsAssignableFrom(element);
    }

    private static RootCommand Commands() => new("Canvass: from cast ballots to a result anyone can check.")
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
