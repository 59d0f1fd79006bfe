using System.Globalization;
using Canvass.Audit;
using Canvass.Formats.Manifests;
using nietras.SeparatedValues;

namespace Canvass.Cli.Rla;

/// <summary>One drawn ballot: its ticket and where the paper is.</summary>
internal sealed record RlaDraw(string TicketNumber, string Jurisdiction, string? Container, string? Tabulator, string Batch, int Position, int Generation, string BallotId);

/// <summary>What <c>canvass rla sample --json</c> prints.</summary>
internal sealed record RlaSampleReport(string Seed, long Ballots, int EarlierDraws, bool WithReplacement, IReadOnlyList<RlaDraw> Draws);

/// <summary>Draws from manifest batches with Arlo's production ids <c>((jurisdiction, tabulator or None, batch), position)</c>.</summary>
internal static class RlaSample
{
    public static IReadOnlyList<RlaDraw> Draw(string seed, IReadOnlyList<ManifestBatch> batches, int count, int earlierDraws, bool withReplacement)
    {
        var sampler = batches
            .Select(b => new SamplerBatch<ManifestBatch>(b, ArloBallotIds.ProductionBatch(b.Jurisdiction, b.Tabulator, b.BatchName), b.BallotCount))
            .ToList();
        return [.. ManifestSampler.Draw(seed, sampler, count, earlierDraws, withReplacement).Select(t => new RlaDraw(
            t.TicketNumber, t.Id.Batch.Jurisdiction, t.Id.Batch.Container, t.Id.Batch.Tabulator, t.Id.Batch.BatchName, t.Id.Position, t.Generation,
            ArloBallotIds.ProductionBallot(t.Id.Batch.Jurisdiction, t.Id.Batch.Tabulator, t.Id.Batch.BatchName, t.Id.Position)))];
    }

    /// <summary>A retrieval list in Arlo's columns: one row per ballot, its ticket numbers joined with commas.</summary>
    public static void WriteCsv(string path, IReadOnlyList<RlaDraw> draws)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = Sep.New(',').Writer(o => o with { Escape = true }).ToFile(path);
        foreach (var ballot in draws.GroupBy(d => (d.Jurisdiction, d.Tabulator, d.Batch, d.Position))
            .OrderBy(g => g.Key.Jurisdiction, StringComparer.Ordinal).ThenBy(g => g.First().Container, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Tabulator, StringComparer.Ordinal).ThenBy(g => g.Key.Batch, StringComparer.Ordinal).ThenBy(g => g.Key.Position))
        {
            var first = ballot.First();
            using var row = writer.NewRow();
            row["Jurisdiction"].Set(first.Jurisdiction);
            row["Container"].Set(first.Container ?? "");
            row["Tabulator"].Set(first.Tabulator ?? "");
            row["Batch Name"].Set(first.Batch);
            row["Ballot Number"].Set(first.Position.ToString(CultureInfo.InvariantCulture));
            row["Ticket Numbers"].Set(string.Join(",", ballot.Select(d => d.TicketNumber)));
        }
    }
}
