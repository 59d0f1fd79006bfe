using System.Buffers;
using System.Globalization;

namespace Canvass.Ledger;

/// <summary>
/// The canonical byte encoding of an event as a log entry (the bytes the leaf hash is computed over), documented in
/// <c>docs/ledger-leaf-encoding.md</c> so that a verifier in any language can reproduce it.
/// </summary>
/// <remarks>
/// The entry is the UTF-8 of one JSON object with the members in this fixed order and no whitespace:
/// <c>{"position":P,"stream":S,"version":V,"type":T,"recordedAt":R,"data":D}</c> where P and V are decimal integers,
/// S and T are JSON strings escaped as in <see cref="CanonicalJson"/>, R is the UTC instant as
/// <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c> (always 7 fractional digits) and D is the RFC 8785 canonical form of the event
/// data (<see cref="CanonicalJson.Canonicalize(ReadOnlySpan{byte})"/>). The leaf hash is SHA-256(0x00 || entry). Thread-safe.
/// </remarks>
public static class LeafEncoding
{
    /// <summary>The format of <c>recordedAt</c>.</summary>
    public const string RecordedAtFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>Encodes an event as a canonical log entry.</summary>
    /// <param name="position">The event's global position (0 to 2^53 - 1).</param>
    /// <param name="stream">The stream name.</param>
    /// <param name="version">The event's version within its stream (0 to 2^53 - 1).</param>
    /// <param name="type">The event's stable type name.</param>
    /// <param name="recordedAt">When the event was recorded; converted to UTC.</param>
    /// <param name="dataJson">The event data as UTF-8 JSON; canonicalized here.</param>
    /// <returns>The entry bytes.</returns>
    /// <exception cref="FormatException">The data is not JSON that <see cref="CanonicalJson"/> accepts.</exception>
    public static byte[] Encode(long position, string stream, long version, string type, DateTimeOffset recordedAt, ReadOnlySpan<byte> dataJson)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(position, CanonicalJson.MaxSafeInteger);
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(version, CanonicalJson.MaxSafeInteger);
        var data = CanonicalJson.Canonicalize(dataJson);
        var output = new ArrayBufferWriter<byte>(data.Length + 160);
        output.Write("{\"position\":"u8);
        output.Write(System.Text.Encoding.ASCII.GetBytes(position.ToString(CultureInfo.InvariantCulture)));
        output.Write(",\"stream\":"u8);
        CanonicalJson.WriteString(stream, output);
        output.Write(",\"version\":"u8);
        output.Write(System.Text.Encoding.ASCII.GetBytes(version.ToString(CultureInfo.InvariantCulture)));
        output.Write(",\"type\":"u8);
        CanonicalJson.WriteString(type, output);
        output.Write(",\"recordedAt\":"u8);
        CanonicalJson.WriteString(recordedAt.UtcDateTime.ToString(RecordedAtFormat, CultureInfo.InvariantCulture), output);
        output.Write(",\"data\":"u8);
        output.Write(data);
        output.Write("}"u8);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Encodes an event and returns its leaf hash, SHA-256(0x00 || entry).</summary>
    /// <param name="position">The event's global position.</param>
    /// <param name="stream">The stream name.</param>
    /// <param name="version">The version within the stream.</param>
    /// <param name="type">The event type name.</param>
    /// <param name="recordedAt">When the event was recorded.</param>
    /// <param name="dataJson">The event data as UTF-8 JSON.</param>
    /// <returns>The 32-byte leaf hash.</returns>
    public static byte[] LeafHash(long position, string stream, long version, string type, DateTimeOffset recordedAt, ReadOnlySpan<byte> dataJson) =>
        TreeHash.HashLeaf(Encode(position, stream, version, type, recordedAt, dataJson));
}
