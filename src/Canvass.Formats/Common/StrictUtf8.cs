using System.Text;

namespace Canvass.Formats.Common;

/// <summary>UTF-8 decoding that rejects invalid bytes instead of replacing them with U+FFFD, so that a file in another
/// encoding (such as Windows-1252 from a spreadsheet) is reported, not silently mangled.</summary>
public static class StrictUtf8
{
    /// <summary>UTF-8 without a BOM preamble that throws <see cref="DecoderFallbackException"/> on invalid bytes.</summary>
    public static UTF8Encoding Encoding { get; } = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The same, with the UTF-8 byte-order mark as its preamble, which a <see cref="StreamReader"/> skips.</summary>
    private static readonly UTF8Encoding WithPreamble = new(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

    /// <summary>A reader over <paramref name="stream"/> that decodes strictly. A UTF-8 byte-order mark is skipped; a UTF-16
    /// or UTF-32 one is not taken as a reason to decode otherwise (its bytes are not UTF-8, so the file is refused as
    /// such): a decoder for those encodings would replace a lone surrogate instead of reporting it.</summary>
    public static StreamReader CreateReader(Stream stream, bool leaveOpen = true) =>
        new(stream, WithPreamble, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024, leaveOpen: leaveOpen);

    /// <summary>The length of the prefix of <paramref name="bytes"/> that ends on a whole UTF-8 sequence: a chunk of a
    /// stream may end in the middle of a character, whose rest comes with the next chunk.</summary>
    public static int CompletePrefixLength(ReadOnlySpan<byte> bytes)
    {
        var i = bytes.Length - 1;
        var continuation = 0;
        while (i >= 0 && continuation < 3 && (bytes[i] & 0xC0) == 0x80)
        {
            i--;
            continuation++;
        }

        if (i < 0)
        {
            return bytes.Length;
        }

        var lead = bytes[i];
        var need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return need > bytes.Length - i ? i : bytes.Length;
    }
}
