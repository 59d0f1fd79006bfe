using Canvass.Storage;
using Canvass.Cli.Imports;
using Canvass.Domain;
using Canvass.Ledger;
using Canvass.Storage.Subscriptions;

namespace Canvass.Cli.Common;

/// <summary>Opens the store named on the command line, loads the election, and runs a command body against it.</summary>
internal static class StoreCommand
{
    /// <summary>Runs a command that only reads.</summary>
    public static Task<int> RunAsync(
        Output output,
        string? storeOption,
        bool requireElection,
        bool mustExist,
        Func<ElectionSession, Task<int>> body,
        CancellationToken cancellationToken) =>
        RunAsync(output, storeOption, requireElection, mustExist, signer: null, keyPath: null, body, cancellationToken);

    /// <summary>Runs a command that appends: the log key at <paramref name="logKeyOption"/> (or its default place) signs
    /// the checkpoint of every append.</summary>
    public static Task<int> RunWritingAsync(
        Output output,
        string? storeOption,
        string? logKeyOption,
        bool requireElection,
        Func<ElectionSession, Task<int>> body,
        CancellationToken cancellationToken)
    {
        var location = StoreLocation.Resolve(storeOption);
        if (StoreLocation.Check(location) is { } bad)
        {
            return Task.FromResult(output.Problem(bad));
        }

        var keyPath = LogKeys.ResolvePath(location, logKeyOption);
        NoteSigner? signer = null;
        if (File.Exists(keyPath))
        {
            var key = LogKeys.Load(keyPath);
            if (!key.IsSuccess)
            {
                return Task.FromResult(output.Problems("The log key cannot be read.", key.Problems));
            }

            signer = key.Value;
        }

        return RunAsync(output, storeOption, requireElection, mustExist: true, signer, keyPath, async session =>
        {
            if (await session.Store.GetLogIdentityAsync(cancellationToken) is { } identity)
            {
                if (signer is null)
                {
                    return output.Problem(ProblemCodes.Unreadable,
                        $"This store's log is signed by '{identity.Origin}', and its key is not at {keyPath}. Pass it with --log-key or CANVASS_LOG_KEY.",
                        keyPath);
                }

                if (!string.Equals(signer.Verifier.ToString(), identity.VerifierKey, StringComparison.Ordinal))
                {
                    return output.Problem(ProblemCodes.BadValue,
                        $"The key at {keyPath} is not this store's log key ({identity.VerifierKey}).", keyPath);
                }
            }

            return await body(session);
        }, cancellationToken);
    }

    public static async Task<int> RunAsync(
        Output output,
        string? storeOption,
        bool requireElection,
        bool mustExist,
        NoteSigner? signer,
        string? keyPath,
        Func<ElectionSession, Task<int>> body,
        CancellationToken cancellationToken)
    {
        var location = StoreLocation.Resolve(storeOption);
        if (StoreLocation.Check(location) is { } bad)
        {
            return output.Problem(bad);
        }

        if (mustExist && !StoreLocation.Exists(location))
        {
            return NoStore(output, location);
        }

        ICanvassStore opened;
        try
        {
            opened = await StoreLocation.OpenAsync(location, signer, keyPath, cancellationToken, create: !mustExist);
        }
        catch (StoreNotFoundException)
        {
            return NoStore(output, location);
        }

        await using var store = opened;
        var session = await ElectionSession.LoadAsync(store, cancellationToken);
        if (requireElection && session.Definition is null)
        {
            return output.Problem(ProblemCodes.NoElection,
                $"There is no election in {StoreLocation.Describe(location)}. Run 'canvass init --store {StoreLocation.Argument(location)} --election FILE' first.");
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await body(session);
            }
            catch (Exception e) when (e is StreamVersionConflictException or ConcurrentWriteException && attempt < MaxAttempts)
            {
                // Another writer committed first (two imports, two records at once): read the store again and run the
                // command again on it, so that it decides on what is there now (the same file: unchanged; a ballot id
                // now stored: a duplicate), as docs/deployment-postgres.md promises.
                await session.RefreshAsync(cancellationToken);
            }
        }
    }

    /// <summary>How many times a command runs before a writer that keeps losing to others gives up (exit 1).</summary>
    private const int MaxAttempts = 5;

    private static int NoStore(Output output, string location) => output.Problem(ProblemCodes.NoElection,
        $"No store at {StoreLocation.Describe(location)}. Create one with 'canvass init --store {StoreLocation.Argument(location)} --election FILE' or 'canvass demo'.");

    /// <summary>
    /// Opens the subscription tables of the store named on the command line and runs <paramref name="body"/> on them;
    /// a problem (exit code 2) when there is no store.
    /// </summary>
    public static async Task<int> RunOnSubscriptionsAsync(Output output, string? storeOption, Func<ISubscriptionStore, Task<int>> body, CancellationToken cancellationToken)
    {
        var location = StoreLocation.Resolve(storeOption);
        if (StoreLocation.Check(location) is { } bad)
        {
            return output.Problem(bad);
        }

        if (!StoreLocation.Exists(location))
        {
            return output.Problem(ProblemCodes.NoElection, $"No store at {StoreLocation.Describe(location)}.");
        }

        await using var subscriptions = await StoreLocation.OpenSubscriptionsAsync(location, cancellationToken);
        return await body(subscriptions);
    }
}
