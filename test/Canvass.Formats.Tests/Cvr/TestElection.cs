using System.Collections.Immutable;
using System.Text;
using Canvass.Domain;
using Canvass.Domain.Elections;
using Canvass.Formats.Common;
using Canvass.Formats.Cvr;

namespace Canvass.Formats.Tests.Cvr;

/// <summary>A small election: state → two counties → three precincts; a ballot style for p2.</summary>
internal static class TestElection
{
    public static readonly ElectionIndex Index = new(Build());

    public static ElectionDefinition Build()
    {
        GpUnit Unit(string id, string name, string type, params string[] children) =>
            new(new GpUnitId(id), name, type, [.. children.Select(c => new GpUnitId(c))], []);
        ContestSelection Sel(string id, string text, string? candidate = null) =>
            new(new SelectionId(id), candidate is null ? [] : [new CandidateId(candidate)], false, text, []);
        Contest C(string id, string name, string district, int allowed, VoteVariation v, params ContestSelection[] s) =>
            new(new ContestId(id), name, ContestKind.Candidate, new GpUnitId(district), allowed, 1, v, [.. s]);
        return new ElectionDefinition(
            "Test", new GpUnitId("st"), new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 3), "general", "Test", "TS",
            [
                Unit("st", "Test State", "state", "county-a", "county-b"),
                Unit("county-a", "Adams", "county", "p1", "p2"),
                Unit("county-b", "Baker", "county", "p3"),
                Unit("p1", "Precinct 1", "precinct"),
                Unit("p2", "Precinct 2", "precinct"),
                Unit("p3", "Precinct 3", "precinct"),
            ],
            [],
            [],
            [new Candidate(new CandidateId("can-a"), "Alice Adams"), new Candidate(new CandidateId("can-b"), "Bob Brown")],
            [
                C("pres", "President", "st", 1, VoteVariation.Plurality, Sel("pres-a", "Alice Adams", "can-a"), Sel("pres-b", "Bob Brown", "can-b")),
                C("council-a", "Council District A", "county-a", 2, VoteVariation.NOfM, Sel("ca-1", "Carl"), Sel("ca-2", "Dora"), Sel("ca-3", "Eve")),
                C("mayor-b", "Mayor", "county-b", 1, VoteVariation.Plurality, Sel("mb-1", "Finn"), Sel("mb-2", "Gail")),
                C("rcv", "Ranked Office", "st", 3, VoteVariation.Rcv, Sel("r1", "R One"), Sel("r2", "R Two"), Sel("r3", "R Three")),
            ],
            [new BallotStyle(new BallotStyleId("bs-p2"), [new GpUnitId("p2")], [new ContestId("pres")], [])]);
    }

    public static (List<CvrRecord> Records, ImmutableArray<Problem> Problems) Read(ICvrReader reader, string text, ElectionIndex? index = null) =>
        Read(reader, Encoding.UTF8.GetBytes(text), index);

    public static (List<CvrRecord> Records, ImmutableArray<Problem> Problems) Read(ICvrReader reader, byte[] bytes, ElectionIndex? index = null)
    {
        var problems = new ProblemList("f");
        using var stream = new MemoryStream(bytes);
        var records = reader.Read(stream, index ?? Index, problems, TestContext.Current.CancellationToken).ToList();
        return (records, problems.ToImmutable());
    }
}
