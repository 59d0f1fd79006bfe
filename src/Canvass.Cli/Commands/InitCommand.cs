using System.CommandLine;
using System.Text;
using Canvass.Cli.Common;
using Canvass.Cli.Imports;
using Canvass.Domain;
using Canvass.Domain.Elections;
using Canvass.Formats.Nist.ElectionReport;
using Canvass.Ledger;
using Canvass.Storage;
using Canvass.Storage.Logging;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass init --store PATH --election FILE [--origin O] [--log-key PATH]</c>: create a store, its log key
/// and its signed log, and define its election.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var logKey = LogOptions.LogKey();
        var election = new Option<FileInfo>("--election", "-e")
        {
            Description = "The election definition: a NIST SP 1500-100 v2 ElectionReport (.json or .xml).",
            Required = true,
        };
        var origin = new Option<string?>("--origin")
        {
            Description = "The log's name in its checkpoints, ideally where results are published (e.g. results.sos.example.gov/2026-general). Default: derived from the election.",
        };
        var command = new Command("init", "Create a store and its signed log, and define its election from a NIST SP 1500-100 election report.")
        {
            store, election, origin, logKey, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = new Output(Console.Out, Console.Error, parse.GetValue(json));
            var file = parse.GetValue(election)!;
            var location = StoreLocation.Resolve(parse.GetValue(store));
            return await RunAsync(output, location, file.FullName, parse.GetValue(origin), parse.GetValue(logKey), ct);
        });
        return command;
    }

    /// <summary>Shared with the demo: validate the file, then key, log identity and definition. With <paramref name="demo"/>
    /// and no <paramref name="originOption"/>, a new key's origin is <see cref="DemoOrigin"/>, so that every demo store
    /// is a log of its own for a verifier.</summary>
    internal static async Task<int> RunAsync(Output output, string location, string path, string? originOption, string? logKeyOption, CancellationToken ct, bool demo = false)
    {
        if (StoreLocation.Check(location) is { } badStore)
        {
            return output.Problem(badStore);
        }

        if (InputFile.Check(path) is { } unreadable)
        {
            return output.Problem(unreadable);
        }

        // Nothing is created, not even a key, for a file that is not a valid election.
        var read = ElectionReportReader.Read(path);
        if (!read.IsSuccess)
        {
            return ImportReporting.Report(output, [new ImportOutcome(path, "election", "rejected", 0, await FileDigest.Sha256Async(path, ct), read.Problems)]);
        }

        var sha = await FileDigest.Sha256Async(path, ct);
        var keyPath = LogKeys.ResolvePath(location, logKeyOption);
        NoteSigner signer;
        var createdKey = false;
        if (Directory.Exists(keyPath))
        {
            return output.Problem(ProblemCodes.BadValue, "The log key's path is a folder; give --log-key the file to keep the key in.", keyPath);
        }

        // A folder this user cannot write in (or a path through a file) is a mistake in the command line: exit 2 before
        // anything is made, not the system's message from deep inside the key's or the database's creation.
        var keyProblem = File.Exists(keyPath) ? null : OutputPath.File(keyPath, logKeyOption is null ? "The log key" : "--log-key");
        if ((keyProblem ?? (StoreLocation.IsPostgres(location) || File.Exists(Path.GetFullPath(location)) ? null : OutputPath.File(location, "--store"))) is { } unwritable)
        {
            return output.Problem(unwritable);
        }

        if (File.Exists(keyPath))
        {
            var loaded = LogKeys.Load(keyPath);
            if (!loaded.IsSuccess)
            {
                return output.Problems("The log key cannot be read.", loaded.Problems);
            }

            signer = loaded.Value;
            if (originOption is not null && !string.Equals(originOption, signer.Name, StringComparison.Ordinal))
            {
                // A key signs one log, named when the key was made: an --origin that differs would be silently ignored.
                return output.Problem(ProblemCodes.BadValue,
                    $"The key at {keyPath} signs the log '{signer.Name}', not '{originOption}'. A new log needs a key of its own: give --log-key a path where none exists yet, or leave out --origin.",
                    keyPath);
            }
        }
        else
        {
            signer = LogKeys.Create(keyPath, originOption ?? (demo ? DemoOrigin(read.Value.Definition, sha) : DefaultOrigin(read.Value.Definition, sha)));
            createdKey = true;
            output.Line($"created log key {keyPath} (mode 0600; keep it safe: it signs this election's log)");
        }

        // A key found at the default path that was made for another log is refused before the store is created, so that
        // the refusal leaves no empty store (a SQLite file, a PostgreSQL schema) behind. The check is made again inside
        // the store's session below, for an init that another one raced.
        if (!createdKey && originOption is null && !NamedForElection(signer.Name, read.Value.Definition, sha)
            && await LogIdentityAsync(location, ct) is null)
        {
            return KeyForAnotherLog(output, signer, keyPath);
        }

        // A key made by this run that no log was started with (the server did not answer, the store has another log) is
        // removed again, so that a retry, perhaps with another --origin, is not refused for the key it left behind. Once a
        // log is started with it, the key is never removed. A SQLite file this run created and then refused to start a log
        // in is removed too, so that a refused init stores nothing; never one that holds a log (another init of the same
        // path may have started its log meanwhile: its store is left alone).
        var logStarted = false;
        var refusedNewStore = false;
        var newSqliteFile = !StoreLocation.IsPostgres(location) && !File.Exists(location);
        try
        {
            return await RunStoreAsync();
        }
        finally
        {
            if (createdKey && !logStarted)
            {
                File.Delete(keyPath);
                output.Line($"removed log key {keyPath}: no log was started with it");
            }

            if (newSqliteFile && refusedNewStore && await LogIdentityAsync(location, ct) is null)
            {
                RemoveSqliteFiles(location);
            }
        }

        Task<int> RunStoreAsync() => StoreCommand.RunAsync(output, location, requireElection: false, mustExist: false, signer, keyPath, async session =>
        {
            var identity = new LogIdentity(signer.Name, signer.Verifier.ToString());
            var existing = await session.Store.GetLogIdentityAsync(ct);
            if (existing is not null && existing != identity)
            {
                return output.Problem(ProblemCodes.BadValue,
                    $"This store's log is '{existing.Origin}' with key {existing.VerifierKey}; the key at {keyPath} is another one.", keyPath);
            }

            if (existing is null && !createdKey && originOption is null && !NamedForElection(signer.Name, read.Value.Definition, sha))
            {
                // A key found at the default path (./canvass-log.key for every PostgreSQL store initialized from one folder)
                // may already sign another store's log: a second log under its name would look to a verifier like the first
                // one's history removed. Starting a log with it takes a deliberate --origin.
                refusedNewStore = true;
                return KeyForAnotherLog(output, signer, keyPath);
            }

            // From here the key may be the log's (a failure inside InitializeLogAsync could come after its commit): kept,
            // unless another init started this store's log with another key first (nothing of this run was committed).
            logStarted = true;
            if (existing is null)
            {
                try
                {
                    await session.Store.InitializeLogAsync(identity, ct);
                }
                catch (LogIdentityConflictException conflict)
                {
                    logStarted = false;
                    return output.Problem(ProblemCodes.BadValue, conflict.Message + " Another init started it first.", keyPath);
                }
                catch (LogIntegrityException signedBefore) when (!createdKey)
                {
                    // The key's memory says it signed a longer (or another) history than this store holds: most often a
                    // store made again after its database was dropped. Nothing was committed; the key is the old log's.
                    refusedNewStore = true;
                    return output.Problem(ProblemCodes.BadValue,
                        signedBefore.Message + " To start a new log, give --log-key a path where no key exists yet.", keyPath);
                }
            }

            var outcome = await ElectionImporter.ImportAsync(session, path, ct);
            var code = ImportReporting.Report(output, [outcome]);
            if (code == ExitCodes.Ok)
            {
                output.Line($"log {identity.Origin}, verifier key {identity.VerifierKey}");
            }

            return code;
        }, ct);
    }

    private static int KeyForAnotherLog(Output output, NoteSigner signer, string keyPath) => output.Problem(ProblemCodes.BadValue,
        $"The key at {keyPath} was made for the log '{signer.Name}', not for this election; it may already sign another store's log. A new store needs a key of its own: give --log-key a path where none exists yet. To start this store's log with this key anyway, pass --origin {signer.Name}.",
        keyPath);

    /// <summary>The log identity of the store at <paramref name="location"/>, or null when there is no store there yet (or
    /// one without a log); creates nothing.</summary>
    private static async Task<LogIdentity?> LogIdentityAsync(string location, CancellationToken ct)
    {
        if (!StoreLocation.Exists(location))
        {
            return null;
        }

        try
        {
            await using var store = await StoreLocation.OpenAsync(location, logSigner: null, logKeyPath: null, ct, create: false);
            return await store.GetLogIdentityAsync(ct);
        }
        catch (StoreNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Removes a SQLite store this run created and started no log in (with its journal files).</summary>
    private static void RemoveSqliteFiles(string location)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            File.Delete(location + suffix);
        }
    }

    /// <summary>Whether <paramref name="name"/> is what init names this election file's log: its
    /// <see cref="DefaultOrigin"/>, or a demo's origin under it.</summary>
    private static bool NamedForElection(string name, ElectionDefinition definition, string sha)
    {
        var origin = DefaultOrigin(definition, sha);
        return string.Equals(name, origin, StringComparison.Ordinal) || name.StartsWith(origin + "/demo-", StringComparison.Ordinal);
    }

    /// <summary><c>canvass/SLUG/HASH8/demo-RANDOM8</c>: <see cref="DefaultOrigin"/> and 32 random bits. Every demo creates a
    /// new log key; under the election's one default origin, a verifier that followed an earlier demo's log would rightly
    /// refuse the next one as "the log's key changed". A name of its own makes each demo a log of its own, and a key that
    /// changes under it is still caught.</summary>
    internal static string DemoOrigin(ElectionDefinition definition, string sha) =>
        DefaultOrigin(definition, sha) + "/demo-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));

    /// <summary><c>canvass/SLUG/HASH8</c>: readable, and unique to the election file. SLUG is the election's name in
    /// lower-case ASCII letters and digits, other runs of characters as one <c>-</c>, cut to whole words within 48
    /// characters (or cut at 48 when the last whole word would leave less than half).</summary>
    internal static string DefaultOrigin(ElectionDefinition definition, string sha)
    {
        var slug = new StringBuilder();
        foreach (var ch in definition.Name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(ch))
            {
                slug.Append(ch);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }

            if (slug.Length > 48)
            {
                break;
            }
        }

        // A long name is cut after its last whole word within 48 characters ("…-electoral", not "…-electoral-colleg"),
        // unless that would keep less than half of them.
        var text = slug.ToString();
        if (text.Length > 48)
        {
            var cut = text.LastIndexOf('-', 48);
            text = text[..(cut >= 24 ? cut : 48)];
        }

        return "canvass/" + text.Trim('-') + "/" + sha[..8];
    }
}
