using Canvass.Domain;
using Canvass.Ledger;

namespace Canvass.Cli.Common;

/// <summary>The log's signing key: a C2SP private key in a file readable only by its owner, kept outside the store.</summary>
/// <remarks>Whoever holds this file can sign checkpoints for the election's log: keep it off the database server, back
/// it up, and never commit it. The verifier key derived from it is public and recorded in the store.</remarks>
internal static class LogKeys
{
    public const string EnvironmentVariable = "CANVASS_LOG_KEY";

    /// <summary>The option value, else <c>CANVASS_LOG_KEY</c>, else <c>STORE.log-key</c> beside a SQLite store (or
    /// <c>./canvass-log.key</c> for PostgreSQL).</summary>
    public static string ResolvePath(string store, string? option) =>
        !string.IsNullOrWhiteSpace(option) ? Path.GetFullPath(option)
        : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? Path.GetFullPath(env)
        : StoreLocation.IsPostgres(store) ? Path.GetFullPath("canvass-log.key")
        : Path.GetFullPath(store) + ".log-key";

    /// <summary>Reads the key, or explains what is wrong with the file.</summary>
    public static Result<NoteSigner> Load(string path)
    {
        if (!File.Exists(path))
        {
            return Result<NoteSigner>.Failure(new Problem(ProblemCodes.Unreadable,
                "The log key is not there. Appending to this store signs a checkpoint with the key made by 'canvass init'; pass it with --log-key or CANVASS_LOG_KEY.",
                path));
        }

        var parsed = NoteSigner.Parse(File.ReadAllText(path).Trim());
        return parsed.IsSuccess
            ? Result<NoteSigner>.Success(parsed.Value)
            : Result<NoteSigner>.Failure(new Problem(ProblemCodes.BadValue, "Not a C2SP private key: " + parsed.Error!.Message, path));
    }

    /// <summary>Creates a new Ed25519 key named <paramref name="origin"/> in a new file with mode 0600. Refuses to
    /// overwrite an existing file.</summary>
    public static NoteSigner Create(string path, string origin)
    {
        var signer = NoteSigner.Generate(origin);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new StreamWriter(path, System.Text.Encoding.ASCII, options);
        file.Write(signer.ToPrivateKeyText());
        file.Write('\n');
        return signer;
    }
}
