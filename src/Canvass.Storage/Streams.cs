namespace Canvass.Storage;

/// <summary>Well-known stream ids.</summary>
public static class Streams
{
    /// <summary>The election's stream. A store holds one election.</summary>
    public const string Election = "election";
}
