using System.Collections.Immutable;
using Canvass.Domain.Elections;
using Canvass.Formats.Nist.ElectionReport;

namespace Canvass.Cli.Tests;

/// <summary>A small election that exercises every first-cut contest type: a plurality contest, a vote-for-2, a
/// two-thirds ballot measure, and a district contest that is on some ballots only.</summary>
public static class TestElection
{
    public const string Header = "ballot_id,county,precinct,batch,vote_method,cc-gov,cc-council,bm-1,cc-d1";

    /// <summary>Six ballots whose counts are worked out by hand in <see cref="CliEndToEndTests"/>.</summary>
    public const string Ballots = Header + """

        B1,ru-north,ru-n1,b1,election-day,cs-gov-a,cs-co-x|cs-co-y,bm-1-yes,cs-d1-p
        B2,ru-north,ru-n1,b1,election-day,cs-gov-a,cs-co-x,bm-1-yes,cs-d1-q
        B3,ru-north,ru-n2,b1,absentee-mail,cs-gov-b,cs-co-x|cs-co-y|cs-co-z,bm-1-no,
        B4,ru-south,ru-s1,b2,early,cs-gov-a|cs-gov-b,,bm-1-yes,cs-d1-p
        B5,ru-south,ru-s1,b2,early,,cs-co-z|cs-co-x,bm-1-no,cs-d1-p
        B6,ru-south,ru-s1,b2,provisional,cs-gov-c,cs-co-y|cs-co-z,bm-1-yes,

        """;

    public static ElectionDefinition Definition { get; } = Build();

    public static string WriteJson(Canvass canvass, string name = "election.json") => WriteJson(canvass, Definition, name);

    /// <summary>Writes a definition as the pre-election NIST report a user would give <c>canvass init</c>.</summary>
    public static string WriteJson(Canvass canvass, ElectionDefinition definition, string name)
    {
        var path = canvass.PathOf(name);
        using var stream = File.Create(path);
        ElectionReportWriter.WriteJson(stream, definition, null,
            new ElectionReportOptions(new DateTimeOffset(2026, 11, 3, 7, 0, 0, TimeSpan.Zero), ElectionReportStatus.PreElection));
        return path;
    }

    public static GpUnit Unit(string id, string name, string type, params string[] children) =>
        new(new GpUnitId(id), name, type, [.. children.Select(c => new GpUnitId(c))], []);

    public static ContestSelection Sel(string id, string text, params string[] candidates) =>
        new(new SelectionId(id), [.. candidates.Select(c => new CandidateId(c))], false, text, []);

    private static ElectionDefinition Build()
    {

        ImmutableArray<GpUnit> units =
        [
            Unit("ru-st", "Test State", "state", "ru-north", "ru-south"),
            Unit("ru-north", "North County", "county", "ru-n1", "ru-n2"),
            Unit("ru-south", "South County", "county", "ru-s1"),
            Unit("ru-n1", "North 1", "precinct"),
            Unit("ru-n2", "North 2", "precinct"),
            Unit("ru-s1", "South 1", "precinct"),
            Unit("ru-d1", "District 1", "state-house", "ru-n1", "ru-s1"),
        ];
        ImmutableArray<Candidate> candidates =
        [
            new(new CandidateId("can-a"), "Ada"), new(new CandidateId("can-b"), "Bo"), new(new CandidateId("can-c"), "Cy"),
            new(new CandidateId("can-x"), "Xia"), new(new CandidateId("can-y"), "Yul"), new(new CandidateId("can-z"), "Zed"),
            new(new CandidateId("can-p"), "Pat"), new(new CandidateId("can-q"), "Quinn"),
        ];
        ImmutableArray<Contest> contests =
        [
            new(new ContestId("cc-gov"), "Governor", ContestKind.Candidate, new GpUnitId("ru-st"), 1, 1, VoteVariation.Plurality,
                [Sel("cs-gov-a", "Ada", "can-a"), Sel("cs-gov-b", "Bo", "can-b"), Sel("cs-gov-c", "Cy", "can-c")]),
            new(new ContestId("cc-council"), "Council at large", ContestKind.Candidate, new GpUnitId("ru-st"), 2, 2, VoteVariation.NOfM,
                [Sel("cs-co-x", "Xia", "can-x"), Sel("cs-co-y", "Yul", "can-y"), Sel("cs-co-z", "Zed", "can-z")]),
            new(new ContestId("bm-1"), "Measure 1", ContestKind.BallotMeasure, new GpUnitId("ru-st"), 1, 1, VoteVariation.SuperMajority,
                [Sel("bm-1-yes", "Yes"), Sel("bm-1-no", "No")], PassageThreshold.TwoThirds),
            new(new ContestId("cc-d1"), "District 1 Representative", ContestKind.Candidate, new GpUnitId("ru-d1"), 1, 1, VoteVariation.Plurality,
                [Sel("cs-d1-p", "Pat", "can-p"), Sel("cs-d1-q", "Quinn", "can-q")]),
        ];
        return new ElectionDefinition("Test General Election", new GpUnitId("ru-st"), new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 3),
            "general", "Test State Board of Elections", "TS", units, [], [], candidates, contests, []);
    }
}
