using System.Security.Cryptography;

namespace Canvass.Ledger;

/// <summary>RFC 6962 / RFC 9162 §2.1.1 Merkle tree hashing with SHA-256.</summary>
/// <remarks>
/// Leaf hash = SHA-256(0x00 || entry); node hash = SHA-256(0x01 || left || right); the root of the empty tree is
/// SHA-256 of the empty string. The 0x00/0x01 prefixes are the domain separation between leaves and interior nodes.
/// All members are thread-safe.
/// </remarks>
public static class TreeHash
{
    /// <summary>The length of every hash, in bytes.</summary>
    public const int Size = 32;

    private static readonly byte[] Empty = SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>Gets the root of the empty tree, SHA-256("") (a fresh copy).</summary>
    public static byte[] EmptyRoot => (byte[])Empty.Clone();

    /// <summary>Computes the leaf hash SHA-256(0x00 || <paramref name="entry"/>).</summary>
    /// <param name="entry">The entry bytes (any length, may be empty).</param>
    /// <returns>The 32-byte leaf hash.</returns>
    public static byte[] HashLeaf(ReadOnlySpan<byte> entry)
    {
        var hash = new byte[Size];
        HashLeaf(entry, hash);
        return hash;
    }

    /// <summary>Computes the leaf hash SHA-256(0x00 || <paramref name="entry"/>) into <paramref name="destination"/>.</summary>
    /// <param name="entry">The entry bytes.</param>
    /// <param name="destination">At least 32 bytes.</param>
    public static void HashLeaf(ReadOnlySpan<byte> entry, Span<byte> destination)
    {
        if (entry.Length <= 1023)
        {
            Span<byte> input = stackalloc byte[entry.Length + 1];
            input[0] = 0x00;
            entry.CopyTo(input[1..]);
            SHA256.HashData(input, destination);
            return;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        ReadOnlySpan<byte> prefix = [0x00];
        hash.AppendData(prefix);
        hash.AppendData(entry);
        hash.GetHashAndReset(destination);
    }

    /// <summary>Computes the node hash SHA-256(0x01 || <paramref name="left"/> || <paramref name="right"/>).</summary>
    /// <param name="left">The left child hash (32 bytes).</param>
    /// <param name="right">The right child hash (32 bytes).</param>
    /// <returns>The 32-byte node hash.</returns>
    public static byte[] HashNode(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var hash = new byte[Size];
        HashNode(left, right, hash);
        return hash;
    }

    /// <summary>Computes the node hash SHA-256(0x01 || left || right) into <paramref name="destination"/>, which may overlap either input.</summary>
    /// <param name="left">The left child hash (32 bytes).</param>
    /// <param name="right">The right child hash (32 bytes).</param>
    /// <param name="destination">At least 32 bytes.</param>
    public static void HashNode(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        if (left.Length != Size || right.Length != Size)
        {
            throw new ArgumentException("Node children must be 32-byte hashes.");
        }

        Span<byte> input = stackalloc byte[1 + Size + Size];
        input[0] = 0x01;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + Size)..]);
        SHA256.HashData(input, destination);
    }
}
