using System.Buffers;
using System.Text;

namespace Canvass.Storage;

/// <summary>Strict UTF-8 for the bytes a store writes and an import commits to (Formats' <c>StrictUtf8</c> is the
/// decoding side, for files): a lone surrogate throws (<see cref="EncoderFallbackException"/>) instead of turning into
/// U+FFFD, so what is read back is what was given. Ids and marks are nearly always ASCII, which is checked and copied in
/// one vectorized pass before the general encoder is asked.</summary>
internal static class StrictUtf8Bytes
{
    /// <summary>UTF-8 that throws on a lone surrogate when encoding, and on invalid bytes when decoding.</summary>
    public static UTF8Encoding Encoding { get; } = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The number of UTF-8 bytes of <paramref name="value"/>.</summary>
    public static int ByteCount(ReadOnlySpan<char> value) => Ascii.IsValid(value) ? value.Length : Encoding.GetByteCount(value);

    /// <summary>Writes the UTF-8 of <paramref name="value"/> to <paramref name="destination"/> (at least
    /// <see cref="ByteCount"/> bytes) and returns how many bytes were written.</summary>
    public static int Write(ReadOnlySpan<char> value, Span<byte> destination) =>
        Ascii.FromUtf16(value, destination, out var written) == OperationStatus.Done ? written : Encoding.GetBytes(value, destination);
}
