namespace Canvass.Storage;

/// <summary>An append expected the stream at one version and found it at another (someone else appended first).</summary>
public sealed class StreamVersionConflictException(string streamId, long expected, long actual)
    : Exception($"Stream '{streamId}' is at version {actual}, not {expected} as expected.")
{
    public string StreamId { get; } = streamId;
    public long Expected { get; } = expected;
    public long Actual { get; } = actual;
}
