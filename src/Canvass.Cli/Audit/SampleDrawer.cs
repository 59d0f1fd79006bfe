using System.Collections.Immutable;
using Canvass.Audit;
using Canvass.Audit.Workflow;
using Canvass.Cli.Imports;
using Canvass.Domain.Audits;
using Canvass.Ledger;
using Canvass.Storage;

namespace Canvass.Cli.Audit;

/// <summary>Draws a round with Arlo's consistent sampler and proves each drawn ballot's CVR against its import's
/// commitment.</summary>
/// <remarks>Each targeted contest samples its own frame (the manifest ballots of its counties, in manifest order) with
/// the audit's seed; ballot ids are rendered as Arlo renders <c>((jurisdiction, tabulator, batch), position)</c>, so the
/// same manifest and seed give Arlo's tickets. A later round continues each contest's stream past the draws already
/// made.</remarks>
internal static class SampleDrawer
{
    public static ImmutableArray<SampledBallot> Draw(AuditState state, IReadOnlyList<SampleSize> sizes)
    {
        var audit = state.Audit!;
        var draws = new Dictionary<BallotKey, (ManifestBatchEntry Batch, List<SampleDraw> Draws)>();
        foreach (var size in sizes)
        {
            var contest = audit.Contests.First(c => c.Contest == size.Contest);
            var drawn = AuditMeasurement.DrawsFor(contest.Contest, state.Rounds);
            var frame = state.BatchesOf(contest.Counties).SelectMany(b => Enumerable.Range(1, b.Ballots).Select(p => (Batch: b, Position: p)));
            var candidates = SmallestFirstTickets(frame, state.Seed!, checked(size.Size + (int)drawn));
            var tickets = ConsistentSampler.Sample(candidates, Render, state.Seed!, size.Size, checked((int)drawn));
            foreach (var t in tickets)
            {
                var key = new BallotKey(t.Id.Batch.County, t.Id.Batch.Tabulator, t.Id.Batch.Batch, t.Id.Position);
                if (!draws.TryGetValue(key, out var entry))
                {
                    draws[key] = entry = (t.Id.Batch, []);
                }

                entry.Draws.Add(new SampleDraw(contest.Contest, t.TicketNumber, t.Generation));
            }
        }

        return [.. draws
            .OrderBy(d => d.Key.County, StringComparer.Ordinal)
            .ThenBy(d => d.Key.Tabulator, StringComparer.Ordinal)
            .ThenBy(d => d.Key.Batch, StringComparer.Ordinal)
            .ThenBy(d => d.Key.Position)
            .Select(d => new SampledBallot(d.Key.County, d.Value.Batch.Jurisdiction, d.Value.Batch.Container, d.Key.Tabulator, d.Key.Batch,
                d.Key.Position, [.. d.Value.Draws], null, null, null))];
    }

    private static string Render((ManifestBatchEntry Batch, int Position) id) =>
        ArloBallotIds.ProductionBallot(id.Batch.Jurisdiction, id.Batch.Tabulator, id.Batch.Batch, id.Position);

    /// <summary>The ids whose first tickets are the <paramref name="count"/> smallest: the only ids the first
    /// <paramref name="count"/> draws can come from, because an id's later tickets are all larger than its first. Keeping
    /// them in a bounded heap (as VotingWorks' fork of the sampler does) keeps memory to the sample's size, not the
    /// manifest's; the stream over them is then exactly the stream over the whole frame.</summary>
    /// <remarks>The heap orders by the first 18 digits of each ticket, computed without the ticket's decimal string:
    /// they are the 18 lowest decimal digits of the hash, reversed (<see cref="ConsistentSampler.Sha256Uniform"/>). Ids
    /// tied with the largest kept key are all kept, so the exact order among candidates is left to the sampler.</remarks>
    internal static List<(ManifestBatchEntry Batch, int Position)> SmallestFirstTickets(
        IEnumerable<(ManifestBatchEntry Batch, int Position)> frame, string seed, int count)
    {
        var seedHash = ConsistentSampler.Sha256Hex(seed);
        var heap = new PriorityQueue<(ManifestBatchEntry Batch, int Position), ulong>(Comparer<ulong>.Create((x, y) => y.CompareTo(x)));
        var ties = new List<((ManifestBatchEntry Batch, int Position) Id, ulong Key)>();
        var buffer = new byte[1024];
        Span<byte> hash = stackalloc byte[32];
        foreach (var id in frame)
        {
            var text = seedHash + Render(id);
            var length = System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
            if (length > buffer.Length)
            {
                buffer = new byte[length];
            }

            System.Security.Cryptography.SHA256.HashData(buffer.AsSpan(0, System.Text.Encoding.UTF8.GetBytes(text, buffer)), hash);
            var key = LeadingTicketDigits(hash);
            if (heap.Count < count)
            {
                heap.Enqueue(id, key);
                continue;
            }

            heap.TryPeek(out _, out var top);
            if (key < top)
            {
                var evicted = heap.DequeueEnqueue(id, key);
                ties.Add((evicted, top));
            }
            else if (key == top)
            {
                ties.Add((id, key));
            }
        }

        var kept = heap.UnorderedItems.Select(i => i.Element).ToList();
        if (heap.TryPeek(out _, out var threshold))
        {
            kept.AddRange(ties.Where(t => t.Key == threshold).Select(t => t.Id));
        }

        return kept;
    }

    /// <summary>The first 18 digits of <c>sha256_uniform</c> as a number: the hash's 18 lowest decimal digits, reversed.</summary>
    internal static ulong LeadingTicketDigits(ReadOnlySpan<byte> sha256)
    {
        const ulong Modulus = 1_000_000_000_000_000_000;
        UInt128 r = 0;
        for (var i = 0; i < 32; i += 8)
        {
            r = ((r << 64) | System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(sha256[i..])) % Modulus;
        }

        var v = (ulong)r;
        ulong reversed = 0;
        for (var d = 0; d < 18; d++)
        {
            reversed = (reversed * 10) + (v % 10);
            v /= 10;
        }

        return reversed;
    }

    /// <summary>Attaches each ballot's CVR (in counties with CVRs) and checks its inclusion proof against the import's
    /// committed root. Returns the ballots, or the first failure.</summary>
    public static async Task<(ImmutableArray<SampledBallot> Ballots, string? Failure)> AttachCvrsAsync(
        ElectionSession session, AuditState state, ImmutableArray<SampledBallot> ballots, CancellationToken ct)
    {
        var cvrCounties = state.CvrCounties;
        var wanted = ballots.Where(b => cvrCounties.Contains(b.County)).Select(b => (b.County, b.Batch, b.Position)).ToHashSet();
        var cvrs = await CvrLookup.ResolveAsync(session.Store, wanted, ct);
        var locations = new Dictionary<(string, string, int), BallotLocation>();
        foreach (var (key, stored) in cvrs)
        {
            locations[key] = await session.Store.FindBallotAsync(stored.BallotId, ct)
                ?? throw new InvalidDataException($"Ballot {stored.BallotId} is in the ballot table but cannot be found by id.");
        }

        foreach (var key in wanted.Where(k => !locations.ContainsKey(k)))
        {
            return (ballots, $"No committed CVR is at {key.County}/{key.Batch}/{key.Position}, though the manifest was checked against the CVRs.");
        }

        var roots = state.CvrImports.ToDictionary(i => i.ImportId, i => (Root: Convert.FromHexString(i.MerkleRoot), i.BallotCount), StringComparer.Ordinal);
        foreach (var group in locations.Values.GroupBy(l => l.ImportId))
        {
            if (!roots.TryGetValue(group.Key, out var committed))
            {
                return (ballots, $"Import {group.Key} has no commitment event.");
            }

            // One pass over the import's records builds its tree; each sampled record's proof then comes from the tree.
            var tree = new MerkleTree();
            await foreach (var record in session.Store.ReadImportBallotsAsync(group.Key, ct))
            {
                tree.AppendEntry(CvrRecordEncoding.Encode(record));
            }

            foreach (var location in group)
            {
                var proof = tree.InclusionProof(location.IndexInImport, tree.Size);
                var check = RecordCommitment.VerifyInclusion(CvrRecordEncoding.Encode(location.Ballot), (ulong)location.IndexInImport,
                    (ulong)committed.BallotCount, proof, committed.Root);
                if (!check.IsSuccess)
                {
                    return (ballots, $"The CVR of ballot {location.Ballot.BallotId} is not proven in import {group.Key}'s commitment: {check.Error!.Message}");
                }
            }
        }

        var result = ballots.Select(b => locations.TryGetValue((b.County, b.Batch, b.Position), out var l)
            ? b with { BallotId = l.Ballot.BallotId, ImportId = l.ImportId, IndexInImport = l.IndexInImport }
            : b);
        return ([.. result], null);
    }
}
