using System.Collections.Immutable;
using Canvass.Domain.Audits;

namespace Canvass.Audit.Workflow;

/// <summary>The ballots drawn in one round, gathered contest by contest (and stratum by stratum): each ballot once, with
/// every draw that hit it.</summary>
/// <remarks>Each call to <see cref="Draw"/> samples one frame (manifest batches, in manifest order) with the audit's seed
/// through <see cref="ManifestSampler"/>; ballot ids are rendered as Arlo renders
/// <c>((jurisdiction, tabulator, batch), position)</c>, so the same manifest and seed give Arlo's tickets.</remarks>
/// <threadsafety>Not thread-safe: one instance per round being drawn.</threadsafety>
public sealed class RoundDraws
{
    private readonly Dictionary<BallotKey, (ManifestBatchEntry Batch, List<SampleDraw> Draws)> _draws = [];

    /// <summary>Draws <paramref name="count"/> more tickets for <paramref name="contest"/> from the frame, continuing the
    /// contest's stream past the <paramref name="alreadyDrawn"/> draws of earlier rounds.</summary>
    public void Draw(string seed, string contest, IEnumerable<ManifestBatchEntry> frame, int count, int alreadyDrawn, bool withReplacement = true)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(frame);
        var batches = frame
            .Select(b => new SamplerBatch<ManifestBatchEntry>(b, ArloBallotIds.ProductionBatch(b.Jurisdiction, b.Tabulator, b.Batch), b.Ballots))
            .ToList();
        foreach (var t in ManifestSampler.Draw(seed, batches, count, alreadyDrawn, withReplacement))
        {
            var key = new BallotKey(t.Id.Batch.County, t.Id.Batch.Tabulator, t.Id.Batch.Batch, t.Id.Position);
            if (!_draws.TryGetValue(key, out var entry))
            {
                _draws[key] = entry = (t.Id.Batch, []);
            }

            entry.Draws.Add(new SampleDraw(contest, t.TicketNumber, t.Generation));
        }
    }

    /// <summary>The distinct ballots drawn so far, in county, tabulator, batch and position order, each with all its
    /// draws (no CVR attached yet).</summary>
    public ImmutableArray<SampledBallot> ToSampledBallots() =>
        [.. _draws
            .OrderBy(d => d.Key.County, StringComparer.Ordinal)
            .ThenBy(d => d.Key.Tabulator, StringComparer.Ordinal)
            .ThenBy(d => d.Key.Batch, StringComparer.Ordinal)
            .ThenBy(d => d.Key.Position)
            .Select(d => new SampledBallot(d.Key.County, d.Value.Batch.Jurisdiction, d.Value.Batch.Container, d.Key.Tabulator, d.Key.Batch,
                d.Key.Position, [.. d.Value.Draws], null, null, null))];
}
