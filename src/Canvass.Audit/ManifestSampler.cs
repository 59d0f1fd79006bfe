using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Canvass.Audit;

/// <summary>
/// Arlo's consistent sampler over a ballot manifest, in constant memory and one hash per ballot.
/// </summary>
/// <remarks>
/// <para>The tickets are exactly those of <see cref="ConsistentSampler.Sample{TId}"/> (the reference, which keeps every
/// ticket of every ballot in a priority queue, as Arlo does): ballot <c>(batch, position)</c>'s first ticket is
/// <c>sha256_uniform(sha256_hex(seed) + str((batch, position)))</c>, and later tickets of a drawn ballot follow with
/// <see cref="ConsistentSampler.NextFraction"/>.</para>
/// <para>Why only the <c>k</c> smallest first tickets matter: each ballot's tickets increase, so the stream (with or
/// without replacement) is the merge, in ticket order, of every ballot's tickets. A ballot whose first ticket is not
/// among the <c>k</c> smallest first tickets has at least <c>k</c> tickets before it and cannot be among the first
/// <c>k</c> draws. So one pass keeps the <c>k</c> smallest first tickets in a bounded heap, and the stream is then
/// replayed over those ballots alone.</para>
/// <para>Speed: the ticket's first nine digits are the decimal digits of <c>hash mod 10⁹</c>, reversed; they are
/// computed with 32-bit arithmetic and compared with the heap's largest before anything is allocated, so almost every
/// ballot costs one SHA-256 of a message assembled in place. Only candidates (about <c>k·(1 + ln(N/k))</c>) build
/// the full ticket text; ties on the nine digits are settled on the full text, then on the id text, exactly as the
/// reference orders them.</para>
/// </remarks>
public static class ManifestSampler
{
    private const uint NineDigits = 1_000_000_000;

    /// <summary>
    /// Draws <paramref name="numSampled"/>+1 to <paramref name="numSampled"/>+<paramref name="sampleSize"/> of the
    /// stream of tickets over every ballot of <paramref name="manifest"/>, trimmed to <paramref name="digits"/> digits.
    /// </summary>
    /// <typeparam name="TBatch">The batch key type.</typeparam>
    /// <param name="seed">The audit's public random seed, as text.</param>
    /// <param name="manifest">The batches, in manifest order.</param>
    /// <param name="sampleSize">How many new draws.</param>
    /// <param name="numSampled">How many draws earlier rounds took (the stream continues after them).</param>
    /// <param name="withReplacement">Whether a ballot may be drawn again.</param>
    /// <param name="digits">Mantissa digits shown after the leading run of 9s (Arlo shows 18).</param>
    /// <returns>The draws, in draw order.</returns>
    public static IReadOnlyList<SamplerTicket<(TBatch Batch, int Position)>> Draw<TBatch>(
        string seed, IReadOnlyList<SamplerBatch<TBatch>> manifest, int sampleSize, int numSampled = 0,
        bool withReplacement = true, int digits = ConsistentSampler.ArloDigits)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentOutOfRangeException.ThrowIfNegative(sampleSize);
        ArgumentOutOfRangeException.ThrowIfNegative(numSampled);
        var k = checked(sampleSize + numSampled);
        if (k == 0)
        {
            return [];
        }

        var smallest = SmallestFirstTickets(seed, manifest, k);
        var stream = new PriorityQueue<Candidate, Candidate>(smallest.Count, CandidateOrder.Instance);
        foreach (var c in smallest)
        {
            stream.Enqueue(c, c);
        }

        var draws = new List<SamplerTicket<(TBatch Batch, int Position)>>(sampleSize);
        for (var i = 0; i < k && stream.TryDequeue(out var next, out _); i++)
        {
            if (i >= numSampled)
            {
                var batch = manifest[next.BatchIndex];
                draws.Add(new SamplerTicket<(TBatch, int)>(ConsistentSampler.Trim(next.Ticket, digits),
                    (batch.Batch, next.Position), next.Generation));
            }

            if (withReplacement)
            {
                var after = next with { Ticket = ConsistentSampler.NextFraction(next.Ticket), Generation = next.Generation + 1 };
                stream.Enqueue(after, after);
            }
        }

        return draws;
    }

    /// <summary>The total number of ballots in a manifest.</summary>
    /// <typeparam name="TBatch">The batch key type.</typeparam>
    /// <param name="manifest">The batches.</param>
    /// <returns>Σ of the batches' ballot counts.</returns>
    public static long BallotCount<TBatch>(IReadOnlyList<SamplerBatch<TBatch>> manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        long total = 0;
        foreach (var b in manifest)
        {
            total = checked(total + b.Count);
        }

        return total;
    }

    private static List<Candidate> SmallestFirstTickets<TBatch>(string seed, IReadOnlyList<SamplerBatch<TBatch>> manifest, int k)
    {
        var seedHash = Encoding.ASCII.GetBytes(ConsistentSampler.Sha256Hex(seed));
        // A max-heap (reversed order) of the k smallest first tickets seen so far.
        var heap = new PriorityQueue<Candidate, Candidate>(k + 1, CandidateOrder.Reversed);
        uint worstKey = uint.MaxValue;
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var buffer = new byte[256];
        for (var b = 0; b < manifest.Count; b++)
        {
            var batch = manifest[b];
            ArgumentOutOfRangeException.ThrowIfNegative(batch.Count);
            // The message is seed hash + "(" + rendered batch + ", " + position + ")".
            var rendered = Encoding.UTF8.GetBytes("(" + batch.Rendered + ", ");
            var prefixLength = seedHash.Length + rendered.Length;
            if (buffer.Length < prefixLength + 12)
            {
                buffer = new byte[prefixLength + 12];
            }

            seedHash.CopyTo(buffer, 0);
            rendered.CopyTo(buffer, seedHash.Length);
            for (var position = 1; position <= batch.Count; position++)
            {
                position.TryFormat(buffer.AsSpan(prefixLength), out var written, default, CultureInfo.InvariantCulture);
                var length = prefixLength + written;
                buffer[length++] = (byte)')';
                SHA256.HashData(buffer.AsSpan(0, length), hash);
                var key = LeadingDigits(hash);
                if (heap.Count == k && key > worstKey)
                {
                    continue;
                }

                var candidate = new Candidate(ConsistentSampler.UniformFromHash(hash), b, position, 1, batch.Rendered);
                if (heap.Count < k)
                {
                    heap.Enqueue(candidate, candidate);
                }
                else if (CandidateOrder.Instance.Compare(candidate, heap.Peek()) < 0)
                {
                    heap.EnqueueDequeue(candidate, candidate);
                }
                else
                {
                    continue;
                }

                if (heap.Count == k)
                {
                    worstKey = LeadingDigits(heap.Peek().Ticket);
                }
            }
        }

        var result = new List<Candidate>(heap.Count);
        while (heap.TryDequeue(out var c, out _))
        {
            result.Add(c);
        }

        return result;
    }

    // The ticket's first nine digits as a number: hash mod 10^9, its nine decimal digits (zero-padded) reversed.
    private static uint LeadingDigits(ReadOnlySpan<byte> hash)
    {
        ulong r = 0;
        for (var i = 0; i < hash.Length; i += 4)
        {
            var limb = BinaryPrimitives.ReadUInt32BigEndian(hash[i..]);
            r = ((r << 32) | limb) % NineDigits;
        }

        var low = (uint)r;
        uint reversed = 0;
        for (var d = 0; d < 9; d++)
        {
            reversed = (reversed * 10) + (low % 10);
            low /= 10;
        }

        return reversed;
    }

    private static uint LeadingDigits(string ticket)
    {
        uint value = 0;
        for (var i = 2; i < 11; i++)
        {
            value = (value * 10) + (uint)(ticket[i] - '0');
        }

        return value;
    }

    private sealed record Candidate(string Ticket, int BatchIndex, int Position, int Generation, string RenderedBatch)
    {
        public string IdText => PythonRepr.Tuple(RenderedBatch, PythonRepr.Int(Position));
    }

    // The reference's order: ticket text, then (on equal tickets) the id's text.
    private sealed class CandidateOrder(bool reversed) : IComparer<Candidate>
    {
        public static readonly CandidateOrder Instance = new(reversed: false);

        public static readonly CandidateOrder Reversed = new(reversed: true);

        public int Compare(Candidate? x, Candidate? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            var c = string.CompareOrdinal(x.Ticket, y.Ticket);
            if (c == 0)
            {
                c = string.CompareOrdinal(x.IdText, y.IdText);
            }

            return reversed ? -c : c;
        }
    }
}
