namespace Canvass.TestKit;

/// <summary>The read-only <c>shared/</c> folder beside the repository (standards, conformance data, 2020 returns).</summary>
public static class SharedFolder
{
    private static readonly Lazy<string> Root = new(() => System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryFolder.Path, "..", "shared")));

    /// <summary>The absolute path of <c>shared/</c>.</summary>
    public static string Path => Root.Value;

    /// <summary>A path inside <c>shared/</c>, such as <c>Combine("data", "us2020-president-county.csv")</c>.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);
}
