using System.Text.Json;
using Canvass.Domain.Elections;
using Canvass.Domain.Events;
using Canvass.Storage.Serialization;

namespace Canvass.Storage.Tests.Serialization;

public sealed class EventSerializerTests
{
    public static TheoryData<string> EventTypeNames() => new(SampleEvents.All.Select(e => EventTypes.NameOf(e.GetType())));

    [Theory]
    [MemberData(nameof(EventTypeNames))]
    public void Serialize_ThenDeserialize_RoundTripsEveryEventType(string typeName)
    {
        var original = SampleEvents.All.Single(e => EventTypes.NameOf(e.GetType()) == typeName);

        var (type, data) = EventSerializer.Serialize(original);
        var back = EventSerializer.Deserialize(type, data);

        Assert.Equal(typeName, type);
        SampleEvents.AssertSame(original, back);
    }

    [Fact]
    public void Serialize_ElectionDefined_RoundTripsEveryMember()
    {
        var back = (ElectionDefined)EventSerializer.Deserialize("election-defined.v1", EventSerializer.Serialize(SampleEvents.ElectionDefined).Data);

        var expected = SampleEvents.Definition;
        var actual = back.Definition;
        Assert.Equal(expected.StartDate, actual.StartDate);
        Assert.Equal(expected.EndDate, actual.EndDate);
        Assert.Equal(expected.ElectionScopeId, actual.ElectionScopeId);
        Assert.Equal(expected.GpUnits.Select(u => u.ComposingUnits.Length), actual.GpUnits.Select(u => u.ComposingUnits.Length));
        Assert.Equal(expected.GpUnits[1].ExternalIdentifiers[0], actual.GpUnits[1].ExternalIdentifiers[0]);
        Assert.Equal(expected.Parties, actual.Parties);
        Assert.Equal(expected.People, actual.People);
        Assert.Equal(expected.Candidates, actual.Candidates);
        Assert.Equal(expected.Contests.Select(c => (c.Id, c.Kind, c.VoteVariation, c.PassageThreshold, c.OtherVoteVariation)),
            actual.Contests.Select(c => (c.Id, c.Kind, c.VoteVariation, c.PassageThreshold, c.OtherVoteVariation)));
        Assert.Equal(expected.Contests[0].Selections[0].CandidateIds, actual.Contests[0].Selections[0].CandidateIds);
        Assert.Equal(expected.BallotStyles[0].ContestIds, actual.BallotStyles[0].ContestIds);
    }

    [Fact]
    public void Serialize_Ids_AreWrittenAsPlainStrings()
    {
        var json = SampleEvents.ToJson(SampleEvents.ElectionDefined).GetProperty("definition");

        Assert.Equal("st-ga", json.GetProperty("electionScopeId").GetString());
        Assert.Equal("cty-fulton", json.GetProperty("gpUnits")[0].GetProperty("composingUnits")[0].GetString());
        Assert.Equal("p-dem", json.GetProperty("candidates")[0].GetProperty("partyId").GetString());
    }

    [Fact]
    public void Serialize_EnumsAndDates_UseStableNames()
    {
        var definition = SampleEvents.ToJson(SampleEvents.ElectionDefined).GetProperty("definition");
        var results = SampleEvents.ToJson(SampleEvents.ResultsReported).GetProperty("results");

        Assert.Equal("2026-11-03", definition.GetProperty("endDate").GetString());
        Assert.Equal("ballot-measure", definition.GetProperty("contests")[1].GetProperty("kind").GetString());
        Assert.Equal("super-majority", definition.GetProperty("contests")[1].GetProperty("voteVariation").GetString());
        Assert.Equal("n-of-m", definition.GetProperty("contests")[2].GetProperty("voteVariation").GetString());
        Assert.Equal("absentee-mail", results.GetProperty("counts")[0].GetProperty("method").GetString());
        Assert.Equal(Canvass.Ledger.CanonicalJson.MaxSafeInteger, results.GetProperty("counts")[1].GetProperty("votes").GetInt64());
    }

    [Fact]
    public void Serialize_CountItemType_MatchesNistNames()
    {
        foreach (var method in CountItemTypes.All)
        {
            var reported = SampleEvents.ResultsReported with
            {
                Results = new([new(new ContestId("k"), new SelectionId("s"), new GpUnitId("u"), method, 1)], []),
            };

            var json = SampleEvents.ToJson(reported).GetProperty("results").GetProperty("counts")[0];

            Assert.Equal(method.ToNistName(), json.GetProperty("method").GetString());
        }
    }

    [Fact]
    public void Deserialize_UnknownType_Throws() =>
        Assert.Throws<InvalidOperationException>(() => EventSerializer.Deserialize("no-such-event.v1", "{}"));

    [Fact]
    public void Deserialize_NumericEnum_IsRejected()
    {
        var data = EventSerializer.Serialize(SampleEvents.ResultsReported).Data.Replace("\"absentee-mail\"", "3", StringComparison.Ordinal);

        Assert.ThrowsAny<JsonException>(() => EventSerializer.Deserialize("results-reported.v1", data));
    }
}
