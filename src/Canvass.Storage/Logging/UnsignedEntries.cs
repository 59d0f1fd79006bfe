using System.Globalization;

namespace Canvass.Storage.Logging;

/// <summary>How the verifier and the append check name entries that no signed checkpoint covers.</summary>
/// <remarks>Every append signs, in its own transaction, a checkpoint at the size it ends at, so such entries mean one of
/// two things, and the store cannot say which: the checkpoint signed over them was deleted, or they were added by someone
/// without the log key. The text names both rather than guess.</remarks>
public static class UnsignedEntries
{
    /// <summary>The sentence for entries <paramref name="signedSize"/> + 1 to <paramref name="size"/>, the latest
    /// signed checkpoint being at <paramref name="signedSize"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is not above <paramref name="signedSize"/>.</exception>
    public static string Describe(long signedSize, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(signedSize);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(size, signedSize);
        var c = CultureInfo.InvariantCulture;
        var first = checked(signedSize + 1);
        return size == first
            ? $"entry {first.ToString(c)} is covered by no signed checkpoint (the latest is at size {signedSize.ToString(c)}): "
                + "either the checkpoint signed over it was deleted, or it was added without the log key"
            : $"entries {first.ToString(c)}..{size.ToString(c)} are covered by no signed checkpoint (the latest is at size {signedSize.ToString(c)}): "
                + "either the checkpoint signed over them was deleted, or they were added without the log key";
    }
}
