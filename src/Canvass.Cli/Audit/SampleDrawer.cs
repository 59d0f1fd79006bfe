using System.Collections.Immutable;
using Canvass.Audit;
using Canvass.Audit.Workflow;
using Canvass.Cli.Common;
using Canvass.Cli.Imports;
using Canvass.Domain.Audits;
using Canvass.Ledger;
using Canvass.Storage;

namespace Canvass.Cli.Audit;

/// <summary>Draws a round with Arlo's consistent sampler and proves each drawn ballot's CVR against its import's
/// commitment.</summary>
/// <remarks>Each targeted contest samples its own frame (the manifest ballots of its counties, in manifest order) with
/// the audit's seed through <see cref="ManifestSampler"/> (memory bounded by the sample, not the manifest); ballot ids
/// are rendered as Arlo renders <c>((jurisdiction, tabulator, batch), position)</c>, so the same manifest and seed give
/// Arlo's tickets, and <c>canvass rla sample</c> over the published manifest gives the same draws. A later round
/// continues each contest's stream past the draws already made. A full hand tally (<see cref="SampleSize.FullHandTally"/>)
/// entered ballot by ballot (<c>--per-ballot</c>, and older logs) lists every ballot of the frame once: the stream without
/// replacement, from its start, as long as the frame. One entered per batch draws nothing (<see cref="FullHandTally.Frame"/>).</remarks>
internal static class SampleDrawer
{
    public static ImmutableArray<SampledBallot> Draw(AuditState state, IReadOnlyList<SampleSize> sizes)
    {
        var audit = state.Audit!;
        var draws = new RoundDraws();
        foreach (var size in sizes)
        {
            var contest = audit.Contests.First(c => c.Contest == size.Contest);
            if (size.Option == SampleSize.FullHandTally)
            {
                // Every ballot of the frame once: the whole stream without replacement, from its start.
                draws.Draw(state.Seed!, contest.Contest, state.BatchesOf(contest.Counties), size.Size, 0, withReplacement: false);
                continue;
            }

            var drawn = AuditMeasurement.DrawsFor(contest.Contest, state.Rounds);
            draws.Draw(state.Seed!, contest.Contest, state.BatchesOf(contest.Counties), size.Size, checked((int)drawn));
        }

        return draws.ToSampledBallots();
    }

    /// <summary>Draws a round on a progress line, then attaches and proves each drawn ballot's CVR
    /// (<see cref="AttachCvrsAsync"/>). Null, with the failure printed, when a proof fails.</summary>
    public static async Task<ImmutableArray<SampledBallot>?> DrawAndProveAsync(
        Output output, ElectionSession session, AuditState state, Func<ImmutableArray<SampledBallot>> draw, CancellationToken ct)
    {
        var ballots = await Progress.RunAsync(output, "Drawing the sample", p =>
        {
            var drawn = draw();
            p(1, 1);
            return Task.FromResult(drawn);
        });
        var (proven, failure) = await AttachCvrsAsync(session, state, ballots, ct);
        if (failure is not null)
        {
            output.Error.WriteLine("error: " + failure);
            return null;
        }

        return proven;
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

        var roots = state.CvrImports.ToDictionary(i => i.ImportId, i => (Root: Convert.FromHexString(i.MerkleRoot), i.BallotCount, i.RecordEncoding), StringComparer.Ordinal);
        foreach (var group in locations.Values.GroupBy(l => l.ImportId))
        {
            if (!roots.TryGetValue(group.Key, out var committed))
            {
                return (ballots, $"Import {group.Key} has no commitment event.");
            }

            if (CvrRecordEncoding.RecordsPerLeafOf(committed.RecordEncoding) is not { } perLeaf)
            {
                return (ballots, $"Import {group.Key} is committed as '{committed.RecordEncoding}', which this version of canvass does not know.");
            }

            // One pass over the import's records builds its tree of leaves, keeping the records of each sampled
            // ballot's leaf; each sampled record's proof then comes from the tree.
            var wantedLeaves = group.Select(l => l.IndexInImport / perLeaf).ToHashSet();
            var leafRecords = new Dictionary<long, IReadOnlyList<byte[]>>();
            var tree = new MerkleTree();
            var records = session.Store.ReadImportBallotsAsync(group.Key, ct).ToBlockingEnumerable(ct).Select(b => CvrRecordEncoding.Committed(b, committed.RecordEncoding));
            foreach (var leaf in RecordCommitment.Leaves(records, perLeaf))
            {
                if (wantedLeaves.Contains(tree.Size))
                {
                    leafRecords[tree.Size] = leaf;
                }

                tree.AppendEntry(RecordCommitment.LeafEntry(leaf, perLeaf));
            }

            foreach (var location in group)
            {
                var leaf = location.IndexInImport / perLeaf;
                if (!leafRecords.TryGetValue(leaf, out var inLeaf))
                {
                    return (ballots, $"Import {group.Key} holds fewer ballots than ballot {location.Ballot.BallotId}'s place.");
                }

                var inclusion = new RecordInclusion(perLeaf, inLeaf, tree.InclusionProof(leaf, tree.Size));
                var check = RecordCommitment.VerifyInclusion(CvrRecordEncoding.Committed(location.Ballot, committed.RecordEncoding), (ulong)location.IndexInImport,
                    (ulong)committed.BallotCount, inclusion, committed.Root);
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
