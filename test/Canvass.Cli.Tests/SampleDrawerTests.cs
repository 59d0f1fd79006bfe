using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Canvass.Audit;
using Canvass.Cli.Audit;
using Canvass.Domain.Audits;

namespace Canvass.Cli.Tests;

/// <summary>The workflow's memory-bounded draw gives exactly the consistent sampler's draw over the whole frame.</summary>
public sealed class SampleDrawerTests
{
    private const string Seed = "12345678901234567890";

    private static readonly ManifestBatchEntry[] Batches =
        [new("J1", "c1", null, "T1", "Batch 1", 40), new("J1", "c1", null, null, "Batch 2", 25), new("J'2", "c2", "Box", null, "B", 35)];

    private static IEnumerable<(ManifestBatchEntry Batch, int Position)> Frame =>
        Batches.SelectMany(b => Enumerable.Range(1, b.Ballots).Select(p => (b, p)));

    private static string Render((ManifestBatchEntry Batch, int Position) id) =>
        ArloBallotIds.ProductionBallot(id.Batch.Jurisdiction, id.Batch.Tabulator, id.Batch.Batch, id.Position);

    [Fact]
    public void Leading_ticket_digits_are_the_first_eighteen_digits_of_the_ticket()
    {
        var seedHash = ConsistentSampler.Sha256Hex(Seed);
        foreach (var id in Frame)
        {
            var ticket = ConsistentSampler.Sha256Uniform(seedHash + Render(id));
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seedHash + Render(id)));
            Assert.Equal(ulong.Parse(ticket[2..20], CultureInfo.InvariantCulture), SampleDrawer.LeadingTicketDigits(hash));
        }
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(10, 0)]
    [InlineData(30, 20)]
    [InlineData(150, 0)]
    public void Drawing_from_the_smallest_first_tickets_equals_drawing_from_the_whole_frame(int take, int drop)
    {
        var whole = ConsistentSampler.Sample(Frame, Render, Seed, take, drop);
        var bounded = ConsistentSampler.Sample(SampleDrawer.SmallestFirstTickets(Frame, Seed, take + drop), Render, Seed, take, drop);
        Assert.Equal(whole.Select(t => (t.TicketNumber, Render(t.Id), t.Generation)), bounded.Select(t => (t.TicketNumber, Render(t.Id), t.Generation)));
    }
}
