using System.Text.Json;
using Canvass.Cli.Common;

namespace Canvass.Cli.Verification;

/// <summary>What this verifier has seen before, per log origin: the key it trusted and every checkpoint it verified.
/// A log that later shows a shorter or different history than one of these is caught.</summary>
internal sealed record VerifierState(Dictionary<string, KnownLog> Logs)
{
    public const string EnvironmentVariable = "CANVASS_VERIFIER_STATE";

    public static string ResolvePath(string? option) =>
        !string.IsNullOrWhiteSpace(option) ? Path.GetFullPath(option)
        : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? Path.GetFullPath(env)
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".canvass", "verifier-state.json");

    /// <summary>The state kept at <paramref name="path"/>, an empty one when there is none yet, or null when the file
    /// there is not a verifier's state.</summary>
    public static VerifierState? Load(string path)
    {
        if (!File.Exists(path))
        {
            return new VerifierState(new Dictionary<string, KnownLog>(StringComparer.Ordinal));
        }

        try
        {
            var state = JsonSerializer.Deserialize(File.ReadAllBytes(path), CliJsonContext.Default.VerifierState);
            return state is null ? new VerifierState(new Dictionary<string, KnownLog>(StringComparer.Ordinal))
                : state.Logs is null || state.Logs.Values.Any(l => l is null || l.VerifierKey is null || l.Checkpoints is null || l.Checkpoints.Any(c => c is null || c.Root is null)) ? null
                : state;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = path + ".tmp";
        using (var file = File.Create(tmp))
        using (var writer = new Utf8JsonWriter(file, Output.JsonWriting))
        {
            // A file people read: verifier keys keep their '+' rather than the HTML-safe \u002B.
            JsonSerializer.Serialize(writer, this, CliJsonContext.Default.VerifierState);
        }

        File.Move(tmp, path, overwrite: true);
    }
}

/// <summary>A log this verifier has checked before.</summary>
internal sealed record KnownLog(string VerifierKey, List<KnownCheckpoint> Checkpoints);

/// <summary>A checkpoint this verifier has checked: its size and root (lower-case hex).</summary>
internal sealed record KnownCheckpoint(long Size, string Root);
