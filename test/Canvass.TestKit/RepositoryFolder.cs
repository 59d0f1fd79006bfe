namespace Canvass.TestKit;

/// <summary>The repository's own folder (the one holding <c>Canvass.slnx</c>), for tests that read what it ships, such as
/// <c>samples/</c> and <c>rules/</c>.</summary>
public static class RepositoryFolder
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Canvass.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("No Canvass.slnx above " + AppContext.BaseDirectory);
    });

    /// <summary>The absolute path of the repository.</summary>
    public static string Path => Root.Value;

    /// <summary>A path inside the repository, such as <c>Combine("samples", "example", "election.json")</c>.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);
}
