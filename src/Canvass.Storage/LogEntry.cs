namespace Canvass.Storage;

/// <summary>One entry of the transparency log, rebuilt from the stored event row it stands for.</summary>
/// <param name="Index">The leaf index (0-based): the event's position minus one.</param>
/// <param name="Position">The event's stored global position. A verifier checks that positions run 1, 2, 3, … with no gap.</param>
/// <param name="Leaf">The entry bytes (<c>docs/ledger-leaf-encoding.md</c>); null when the stored row can no longer be
/// encoded (its data is not valid JSON any more), in which case <see cref="Error"/> says why.</param>
/// <param name="Error">Why the row could not be encoded.</param>
public sealed record LogEntry(long Index, long Position, byte[]? Leaf, string? Error);
