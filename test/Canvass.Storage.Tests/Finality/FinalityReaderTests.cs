using Canvass.Domain.Elections;
using Canvass.Domain.Events;
using Canvass.Domain.Facts;
using Canvass.Domain.Finality;
using Canvass.Domain.Jurisdictions;
using Canvass.Storage.Finality;
using Canvass.Storage.Sqlite;

namespace Canvass.Storage.Tests.Finality;

/// <summary>The seam the webhook outbox reads: every flip of a policy, replayed from a real SQLite store.</summary>
public sealed class FinalityReaderTests : IDisposable
{
    private static readonly DateTimeOffset Nov7 = new(2020, 11, 7, 11, 0, 0, TimeSpan.FromHours(-5));
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("canvass-finality-");
    private int _stores;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Delete(recursive: true);

    private async Task<SqliteCanvassStore> StoreAsync(params IEvent[] facts)
    {
        var store = new SqliteCanvassStore(Path.Combine(_directory.FullName, $"store-{++_stores}.db"));
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

    private static ContestCertified Certification() =>
        new("k-gov", "state", "ga-secretary-of-state", [new NamedCount("s-1", 11)], new string('c', 64), [], false, "SoS", Nov7.AddDays(13), null);

    /// <summary>Georgia's embedded rules with the contest window (5 days after certification) made 10 days, as logged.</summary>
    private static JurisdictionRulesSet GeorgiaWithTenDaysToContest()
    {
        using var stream = typeof(RulesBook).Assembly.GetManifestResourceStream("Canvass.Domain.rules.us-ga.json")!;
        var text = new StreamReader(stream).ReadToEnd();
        Assert.Contains("\"from\": \"certification\", \"days\": 5 }", text, StringComparison.Ordinal);
        return RulesBook.ParseForLog("us-ga.json", text.Replace("\"from\": \"certification\", \"days\": 5 }", "\"from\": \"certification\", \"days\": 10 }", StringComparison.Ordinal)).Value;
    }

    [Fact]
    public async Task FlipsAsync_RulesInTheLog_ReplaceTheEmbeddedRulesForTheirOcdId()
    {
        var embedded = await FlipsOfContestWindowAsync(Certification());
        var logged = await FlipsOfContestWindowAsync(GeorgiaWithTenDaysToContest(), Certification());

        // Certified on 20 November (Eastern): the window closes at the end of the 25th under the embedded rules, of the
        // 30th under the logged ones, whether they were logged before the certification or after it.
        var eastern = TimeSpan.FromHours(-5);
        Assert.Equal(new DateTimeOffset(2020, 11, 26, 0, 0, 0, eastern), Assert.Single(embedded).At);
        Assert.Equal(new DateTimeOffset(2020, 12, 1, 0, 0, 0, eastern), Assert.Single(logged).At);
        Assert.Equal(logged.Single().At, (await FlipsOfContestWindowAsync(Certification(), GeorgiaWithTenDaysToContest())).Single().At);
    }

    private async Task<IReadOnlyList<FinalityFlip>> FlipsOfContestWindowAsync(params IEvent[] events)
    {
        await using var store = await StoreAsync(events);
        var flips = await FinalityReader.FlipsAsync(store, "contest_window_closed", null, Ct);
        Assert.True(flips.IsSuccess, string.Join("; ", flips.Problems));
        return flips.Value;
    }

    [Fact]
    public async Task LoadAsync_LoggedRulesThatDoNotMatchTheirHash_IsAFailure_NotOtherRules()
    {
        var logged = GeorgiaWithTenDaysToContest();
        await using var store = await StoreAsync(logged with { Sha256 = new string('0', 64) });

        var loaded = await FinalityReader.LoadAsync(store, Ct);

        var problem = Assert.Single(loaded.Problems);
        Assert.Equal("inconsistent", problem.Code);
        Assert.Equal("log:us-ga.json", problem.File);
        Assert.Contains("do not match their SHA-256", problem.Message, StringComparison.Ordinal);
    }
}
