using Canvass.Cli.Imports;
using Canvass.Domain;

namespace Canvass.Cli.Common;

/// <summary>Opens the store named on the command line, loads the election, and runs a command body against it.</summary>
internal static class StoreCommand
{
    public static async Task<int> RunAsync(
        Output output,
        string? storeOption,
        bool requireElection,
        bool mustExist,
        Func<ElectionSession, Task<int>> body,
        CancellationToken cancellationToken)
    {
        var location = StoreLocation.Resolve(storeOption);
        if (mustExist && !StoreLocation.Exists(location))
        {
            return output.Problem(ProblemCodes.NoElection,
                $"No store at {StoreLocation.Describe(location)}. Create one with 'canvass init --store {location} --election FILE' or 'canvass demo'.");
        }

        await using var store = await StoreLocation.OpenAsync(location, cancellationToken);
        var session = await ElectionSession.LoadAsync(store, cancellationToken);
        if (requireElection && session.Definition is null)
        {
            return output.Problem(ProblemCodes.NoElection,
                $"The store at {StoreLocation.Describe(location)} has no election. Run 'canvass init --store {location} --election FILE' first.");
        }

        return await body(session);
    }
}
