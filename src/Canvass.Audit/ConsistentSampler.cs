using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Canvass.Audit;

/// <summary>
/// Rivest's consistent SHA-256 sampler exactly as Arlo uses it (votingworks/consistent_sampler @ 46f6f0a6):
/// tickets depend only on the seed and the id's text, so the same manifest and seed give the same tickets and
/// later rounds continue the same stream.
/// </summary>
public static class ConsistentSampler
{
    /// <summary>The number of mantissa digits Arlo shows (<c>digits=18</c>).</summary>
    public const int ArloDigits = 18;

    /// <summary>Lower-case hex SHA-256 of the UTF-8 bytes of <paramref name="hashInput"/>.</summary>
    /// <param name="hashInput">The text to hash.</param>
    /// <returns>64 lower-case hex digits.</returns>
    public static string Sha256Hex(string hashInput)
    {
        ArgumentNullException.ThrowIfNull(hashInput);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hashInput)));
    }

    /// <summary>
    /// <c>"0."</c> followed by the decimal digits of the SHA-256 value, zero-padded to 64 digits and reversed.
    /// </summary>
    /// <param name="hashInput">The text to hash.</param>
    /// <returns>A ticket number in [0, 1) as text.</returns>
    public static string Sha256Uniform(string hashInput)
    {
        ArgumentNullException.ThrowIfNull(hashInput);
        return UniformFromHash(SHA256.HashData(Encoding.UTF8.GetBytes(hashInput)));
    }

    /// <summary><c>"0."</c> followed by the decimal digits of a SHA-256 value (big-endian bytes), zero-padded to 64
    /// digits and reversed: <see cref="Sha256Uniform"/> once the hash is known.</summary>
    internal static string UniformFromHash(ReadOnlySpan<byte> hash)
    {
        var digits = new BigInteger(hash, isUnsigned: true, isBigEndian: true).ToString(CultureInfo.InvariantCulture)
            .PadLeft(64, '0').ToCharArray();
        Array.Reverse(digits);
        return "0." + new string(digits);
    }

    /// <summary>The first ticket number of an id: <c>sha256_uniform(sha256_hex(seed) + id)</c>.</summary>
    /// <param name="id">The id exactly as Python's <c>str()</c> renders it.</param>
    /// <param name="seed">The audit's random seed, as text.</param>
    /// <returns>The untrimmed first ticket number.</returns>
    public static string FirstFraction(string id, string seed) => FirstFractionFromSeedHash(id, Sha256Hex(seed));

    private static string FirstFractionFromSeedHash(string id, string seedHash) => Sha256Uniform(seedHash + id);

    /// <summary>
    /// The next ticket number after <paramref name="x"/>: keep the leading run of 9s and append fresh digits from
    /// <c>sha256_uniform(x + ":" + i)</c>, i = 1, 2, …, until the result is greater than <paramref name="x"/>.
    /// </summary>
    /// <param name="x">A ticket number.</param>
    /// <returns>The next, untrimmed ticket number.</returns>
    public static string NextFraction(string x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var prefix = x[..EndOfLeadingNines(x)];
        for (var i = 1; ; i++)
        {
            var y = prefix + Sha256Uniform(x + ":" + i.ToString(CultureInfo.InvariantCulture))[2..];
            if (string.CompareOrdinal(y, x) > 0)
            {
                return y;
            }
        }
    }

    /// <summary>Truncates a ticket number to its leading run of 9s plus <paramref name="mantissaDisplayLength"/> digits.</summary>
    /// <param name="x">A ticket number.</param>
    /// <param name="mantissaDisplayLength">Digits kept after the leading 9s (Arlo: <see cref="ArloDigits"/>).</param>
    /// <returns>The trimmed ticket number.</returns>
    public static string Trim(string x, int mantissaDisplayLength)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x[..Math.Min(x.Length, EndOfLeadingNines(x) + mantissaDisplayLength)];
    }

    // The index just past "0." and the run of 9s that follows it.
    private static int EndOfLeadingNines(string x)
    {
        var k = 2;
        while (k < x.Length && x[k] == '9')
        {
            k++;
        }

        return k;
    }

    /// <summary>The ticket after <paramref name="ticket"/> for the same id (next fraction, generation + 1).</summary>
    /// <typeparam name="TId">The id type.</typeparam>
    /// <param name="ticket">A ticket.</param>
    /// <returns>The id's next ticket.</returns>
    public static SamplerTicket<TId> NextTicket<TId>(SamplerTicket<TId> ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return ticket with { TicketNumber = NextFraction(ticket.TicketNumber), Generation = ticket.Generation + 1 };
    }

    /// <summary>
    /// The full stream of untrimmed tickets in increasing ticket order. With replacement the stream never ends
    /// (each drawn ticket is replaced by the id's next ticket); without replacement it yields each id once.
    /// </summary>
    /// <typeparam name="TId">The id type.</typeparam>
    /// <param name="ids">The ids, in manifest order.</param>
    /// <param name="render">The id's text as Python's <c>str()</c> gives it (see <see cref="PythonRepr"/>).</param>
    /// <param name="seed">The audit's random seed, as text (<c>str(seed)</c>).</param>
    /// <param name="withReplacement">Whether an id may be drawn again.</param>
    /// <returns>The tickets, lazily, smallest first.</returns>
    public static IEnumerable<SamplerTicket<TId>> Tickets<TId>(
        IEnumerable<TId> ids, Func<TId, string> render, string seed, bool withReplacement)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(render);
        var seedHash = Sha256Hex(seed);
        var queue = new PriorityQueue<SamplerTicket<TId>, (string Ticket, string Id)>(TicketOrder.Instance);
        foreach (var id in ids)
        {
            var text = render(id);
            var first = FirstFractionFromSeedHash(text, seedHash);
            queue.Enqueue(new SamplerTicket<TId>(first, id, 1), (first, text));
        }

        return Drain(queue, withReplacement);
    }

    private static IEnumerable<SamplerTicket<TId>> Drain<TId>(
        PriorityQueue<SamplerTicket<TId>, (string Ticket, string Id)> queue, bool withReplacement)
    {
        while (queue.TryDequeue(out var ticket, out var key))
        {
            yield return ticket;
            if (withReplacement)
            {
                var next = NextTicket(ticket);
                queue.Enqueue(next, (next.TicketNumber, key.Id));
            }
        }
    }

    /// <summary>
    /// Arlo's <c>sampler(..., output="tuple", take, drop)</c>: tickets number <paramref name="drop"/>+1 to
    /// <paramref name="drop"/>+<paramref name="take"/> of the stream, trimmed to <paramref name="digits"/> digits.
    /// A later round passes the number already drawn as <paramref name="drop"/> and so continues the stream.
    /// </summary>
    /// <typeparam name="TId">The id type.</typeparam>
    /// <param name="ids">The ids, in manifest order.</param>
    /// <param name="render">The id's text as Python's <c>str()</c> gives it.</param>
    /// <param name="seed">The audit's random seed, as text.</param>
    /// <param name="take">How many new draws.</param>
    /// <param name="drop">How many draws earlier rounds took.</param>
    /// <param name="withReplacement">Whether an id may be drawn again.</param>
    /// <param name="digits">Mantissa digits shown after the leading run of 9s.</param>
    /// <returns>The draws, in draw order.</returns>
    public static IReadOnlyList<SamplerTicket<TId>> Sample<TId>(
        IEnumerable<TId> ids, Func<TId, string> render, string seed, int take, int drop = 0, bool withReplacement = true,
        int digits = ArloDigits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        ArgumentOutOfRangeException.ThrowIfNegative(drop);
        return [.. Tickets(ids, render, seed, withReplacement).Skip(drop).Take(take)
            .Select(t => t with { TicketNumber = Trim(t.TicketNumber, digits) })];
    }

    /// <summary>
    /// Arlo's <c>sampler.draw_sample</c> over a ballot manifest: ids are <c>(batch, position)</c> for every position
    /// of every batch, in manifest order; returns draws <paramref name="numSampled"/>+1 to
    /// <paramref name="numSampled"/>+<paramref name="sampleSize"/>.
    /// </summary>
    /// <typeparam name="TBatch">The batch key type.</typeparam>
    /// <param name="seed">The audit's random seed.</param>
    /// <param name="manifest">Batch key → ballot positions, in manifest order.</param>
    /// <param name="renderBatch">The batch key as Python's <c>str()</c>/<c>repr()</c> renders it inside a tuple,
    /// e.g. <c>PythonRepr.String(name)</c> in Arlo's tests or a <see cref="ArloBallotIds.ProductionBatch"/> tuple.</param>
    /// <param name="sampleSize">How many new draws.</param>
    /// <param name="numSampled">How many draws earlier rounds took.</param>
    /// <param name="withReplacement">Whether a ballot may be drawn again.</param>
    /// <returns>The draws, in draw order, trimmed to <see cref="ArloDigits"/> digits.</returns>
    public static IReadOnlyList<SamplerTicket<(TBatch Batch, int Position)>> DrawSample<TBatch>(
        string seed, IEnumerable<KeyValuePair<TBatch, IReadOnlyList<int>>> manifest, Func<TBatch, string> renderBatch,
        int sampleSize, int numSampled = 0, bool withReplacement = true)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(renderBatch);
        var ids = manifest.SelectMany(b => b.Value.Select(p => (Batch: b.Key, Position: p)));
        return Sample(ids, id => PythonRepr.Tuple(renderBatch(id.Batch), PythonRepr.Int(id.Position)), seed, sampleSize,
            numSampled, withReplacement);
    }

    // Python compares heap entries (ticket_number, id, generation): by ticket text, then (rarely) by id.
    private sealed class TicketOrder : IComparer<(string Ticket, string Id)>
    {
        public static readonly TicketOrder Instance = new();

        public int Compare((string Ticket, string Id) x, (string Ticket, string Id) y)
        {
            var c = string.CompareOrdinal(x.Ticket, y.Ticket);
            return c != 0 ? c : string.CompareOrdinal(x.Id, y.Id);
        }
    }
}
