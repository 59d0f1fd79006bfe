using Canvass.Domain.Elections;
using Canvass.Domain.Events;
using Canvass.Domain.Facts;
using Canvass.Storage.Finality;
using Canvass.Storage.Sqlite;

namespace Canvass.Storage.Tests.Finality;

/// <summary>The seam the webhook outbox reads: every flip of a policy, replayed from a real SQLite store.</summary>
public sealed class FinalityReaderTests : IDisposable
{
    private static readonly DateTimeOffset Nov7 = new(2020, 11, 7, 11, 0, 0, TimeSpan.FromHours(-5));
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("canvass-finality-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Delete(recursive: true);

    private async Task<SqliteCanvassStore> StoreAsync(params IEvent[] facts)
    {
        var store = new SqliteCanvassStore(Path.Combine(_directory.FullName, "store.db"));
        await store.InitializeAsync(Ct);
        var georgia = SampleEvents.Definition.GpUnits[0] with { ExternalIdentifiers = [new ExternalIdentifier("ocd-id", "ocd-division/country:us/state:ga")] };
        var definition = SampleEvents.Definition with { GpUnits = SampleEvents.Definition.GpUnits.SetItem(0, georgia) };
        await store.AppendAsync(Streams.Election, 0, [new ElectionDefined(definition, "election.json", new string('a', 64)), .. facts], cancellationToken: Ct);
        return store;
    }

    private static RaceCalled Call(string desk, int minutes) => new("k-gov", desk, "c-1", null, "news", Nov7.AddMinutes(minutes), null);

    [Fact]
    public async Task FlipsAsync_MediaCall_FinalWithTheFourthOfSevenDesks_AndBackOnARetraction()
    {
        await using var store = await StoreAsync(
            Call("DDHQ", -1440), Call("CNN", 0), Call("NBC", 1), Call("AP", 2), Call("CBS", 3), Call("ABC", 4),
            new RaceCallRetracted("k-gov", "CBS", "error", "news", Nov7.AddDays(1), null),
            new RaceCallRetracted("k-gov", "NBC", "error", "news", Nov7.AddDays(1).AddMinutes(1), null));

        var flips = await FinalityReader.FlipsAsync(store, "media-call", null, Ct);

        Assert.True(flips.IsSuccess);
        Assert.Collection(flips.Value,
            f => Assert.Equal(("k-gov", "media-call", true, Nov7.AddMinutes(2), 5L), (f.Contest, f.Policy, f.Final, f.At, f.Position)),
            f => Assert.Equal((false, Nov7.AddDays(1), 8L), (f.Final, f.At, f.Position)));
    }

    [Fact]
    public async Task FlipsAsync_AnExpression_IsEvaluatedLikeABuiltIn()
    {
        await using var store = await StoreAsync(Call("AP", 0), new ConcessionMade("k-gov", "c-2", null, "news", Nov7.AddHours(1), null));

        var flips = await FinalityReader.FlipsAsync(store, "called(AP) and conceded(c-2)", ["k-gov"], Ct);

        Assert.Equal(Nov7.AddHours(1), Assert.Single(flips.Value).At);
    }

    [Fact]
    public async Task FlipsAsync_BadPolicyOrUnknownContest_IsAFailureWithTheReason()
    {
        await using var store = await StoreAsync();

        var bad = await FinalityReader.FlipsAsync(store, "called(AP) and", null, Ct);
        var unknown = await FinalityReader.FlipsAsync(store, "final_answer", null, Ct);
        var contest = await FinalityReader.FlipsAsync(store, "media-call", ["k-nope"], Ct);

        Assert.Contains("at position 15", Assert.Single(bad.Problems).Message, StringComparison.Ordinal);
        Assert.Equal("unknown-reference", Assert.Single(unknown.Problems).Code);
        Assert.Contains("No contest 'k-nope'", Assert.Single(contest.Problems).Message, StringComparison.Ordinal);
    }
}
