using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Canvass.Formats.Common;

/// <summary>UTF-8 decoding that rejects invalid bytes instead of replacing them with U+FFFD, so that a file in another
/// encoding (such as Windows-1252 from a spreadsheet) is reported, not silently mangled.</summary>
public static class StrictUtf8
{
    /// <summary>UTF-8 without a BOM preamble that throws <see cref="DecoderFallbackException"/> on invalid bytes.</summary>
    public static UTF8Encoding Encoding { get; } = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The same, with the UTF-8 byte-order mark as its preamble, which a <see cref="StreamReader"/> skips.</summary>
    private static readonly UTF8Encoding WithPreamble = new(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

    /// <summary><paramref name="utf8"/> without its UTF-8 byte-order mark, if it starts with one: <see cref="System.Text.Json.JsonDocument"/>
    /// skips one in a stream, not in bytes it is given.</summary>
    public static ReadOnlyMemory<byte> WithoutBom(ReadOnlyMemory<byte> utf8) =>
        utf8.Span.StartsWith(WithPreamble.Preamble) ? utf8[WithPreamble.Preamble.Length..] : utf8;

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
    /// <summary>The index of the first byte of <paramref name="bytes"/> that does not begin a whole, valid UTF-8
    /// sequence, or -1 when all of it is valid. With <paramref name="final"/> false, a sequence cut off by the span's end
    /// is not counted as invalid (its rest may come with the next chunk).</summary>
    public static int FirstInvalid(ReadOnlySpan<byte> bytes, bool final = true)
    {
        Span<char> chars = stackalloc char[2048];
        var at = 0;
        while (true)
        {
            var status = Utf8.ToUtf16(bytes[at..], chars, out var read, out _, replaceInvalidSequences: false, isFinalBlock: final);
            at += read;
            switch (status)
            {
                case OperationStatus.Done:
                case OperationStatus.NeedMoreData:
                    return -1;
                case OperationStatus.DestinationTooSmall:
                    continue;
                default:
                    return at;
            }
        }
    }

    /// <summary>Where the first bytes that are not UTF-8 lie in <paramref name="stream"/>, read again from its start:
    /// their line (from 1) and byte offset (from 0). Null when the stream cannot go back to its start, or holds no
    /// invalid bytes. For reports only, after a decoder has refused the stream: a decoder reads ahead by a buffer, so the
    /// line its reader had reached is not where the bad bytes are.</summary>
    public static (long Line, long Offset)? Locate(Stream stream)
    {
        if (!stream.CanSeek)
        {
            return null;
        }

        stream.Seek(0, SeekOrigin.Begin);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            long line = 1;
            long offset = 0;
            var kept = 0;
            while (true)
            {
                var n = stream.Read(buffer, kept, buffer.Length - kept);
                var final = n == 0;
                var chunk = buffer.AsSpan(0, kept + n);
                var bad = FirstInvalid(chunk, final);
                if (bad >= 0)
                {
                    return (line + chunk[..bad].Count((byte)'\n'), offset + bad);
                }

                if (final)
                {
                    return null;
                }

                var whole = CompletePrefixLength(chunk);
                line += chunk[..whole].Count((byte)'\n');
                offset += whole;
                kept = chunk.Length - whole;
                chunk[whole..].CopyTo(buffer);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The line and message of a <c>not-utf8</c> problem for <paramref name="stream"/>: the exact line and byte
    /// offset when the stream can be read again from its start (<see cref="Locate"/>), else
    /// <paramref name="lineReached"/>, the line the reader had reached, with "at or after".</summary>
    public static (long Line, string Message) Problem(Stream stream, long lineReached)
    {
        var at = Locate(stream);
        return at is { } a
            ? (a.Line, $"The file is not valid UTF-8 (byte offset {a.Offset}, line {a.Line}); save it as UTF-8 and import again.")
            : (lineReached, $"The file is not valid UTF-8 at or after line {lineReached}; save it as UTF-8 and import again.");
    }
}
