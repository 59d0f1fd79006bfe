using System.Collections.Immutable;
using System.Globalization;
using Canvass.Domain.Elections;

namespace Canvass.Cli.Demo;

/// <summary>Builds the demo's election definition from the MEDSL rows: the presidential contest in six states, with
/// every county as a unit.</summary>
internal static class Us2020Election
{
    public static readonly (string Candidate, string Key, string Name, string Party)[] Candidates =
    [
        ("JOSEPH R BIDEN JR", "biden", "Joseph R. Biden Jr. / Kamala D. Harris", "par-dem"),
        ("DONALD J TRUMP", "trump", "Donald J. Trump / Michael R. Pence", "par-rep"),
        ("JO JORGENSEN", "jorgensen", "Jo Jorgensen / Jeremy Cohen", "par-lib"),
    ];

    public static string StateUnit(string statePo) => "ru-" + statePo.ToLowerInvariant();

    public static string CountyUnit(string statePo, int fips) =>
        "ru-" + statePo.ToLowerInvariant() + "-" + fips.ToString("D5", CultureInfo.InvariantCulture);

    public static string ContestId(string statePo) => "cc-" + statePo.ToLowerInvariant() + "-president";

    /// <summary>The selection a MEDSL candidate counts for: the three named tickets, or the state's "other" line.</summary>
    public static string SelectionId(string statePo, string candidate)
    {
        foreach (var c in Candidates)
        {
            if (c.Candidate == candidate)
            {
                return "cs-" + statePo.ToLowerInvariant() + "-" + c.Key;
            }
        }

        return "cs-" + statePo.ToLowerInvariant() + "-other";
    }

    public static ElectionDefinition Build(IReadOnlyList<MedslRow> rows)
    {
        var states = rows.Select(r => (r.StatePo, r.State)).Distinct().OrderBy(s => s.StatePo, StringComparer.Ordinal).ToList();
        var units = ImmutableArray.CreateBuilder<GpUnit>();
        units.Add(new GpUnit(new GpUnitId("ru-us"), "United States", "country",
            [.. states.Select(s => new GpUnitId(StateUnit(s.StatePo)))],
            [new ExternalIdentifier("ocd-id", "ocd-division/country:us")]));
        foreach (var (po, state) in states)
        {
            var counties = rows.Where(r => r.StatePo == po).Select(r => (r.Fips, r.County)).Distinct().OrderBy(c => c.Fips).ToList();
            units.Add(new GpUnit(new GpUnitId(StateUnit(po)), Title(state), "state",
                [.. counties.Select(c => new GpUnitId(CountyUnit(po, c.Fips)))],
                [
                    new ExternalIdentifier("ocd-id", "ocd-division/country:us/state:" + po.ToLowerInvariant()),
                    new ExternalIdentifier("fips", (counties[0].Fips / 1000).ToString("D2", CultureInfo.InvariantCulture)),
                ]));
            foreach (var (fips, county) in counties)
            {
                units.Add(new GpUnit(new GpUnitId(CountyUnit(po, fips)), Title(county) + " County", "county", [],
                [
                    new ExternalIdentifier("fips", fips.ToString("D5", CultureInfo.InvariantCulture)),
                    new ExternalIdentifier("ocd-id", "ocd-division/country:us/state:" + po.ToLowerInvariant() + "/county:" + Slug(county)),
                ]));
            }
        }

        var parties = ImmutableArray.Create(
            new Party(new PartyId("par-dem"), "Democratic Party", "DEM"),
            new Party(new PartyId("par-rep"), "Republican Party", "REP"),
            new Party(new PartyId("par-lib"), "Libertarian Party", "LIB"));
        var candidates = Candidates.Select(c => new Candidate(new CandidateId("cand-" + c.Key), c.Name, new PartyId(c.Party)))
            .Append(new Candidate(new CandidateId("cand-other"), "Other candidates"))
            .ToImmutableArray();
        var contests = ImmutableArray.CreateBuilder<Contest>();
        foreach (var (po, state) in states)
        {
            var selections = ImmutableArray.CreateBuilder<ContestSelection>();
            foreach (var c in Candidates)
            {
                selections.Add(new ContestSelection(new SelectionId(SelectionId(po, c.Candidate)), [new CandidateId("cand-" + c.Key)], false, c.Name, [new PartyId(c.Party)]));
            }

            if (rows.Any(r => r.StatePo == po && Candidates.All(c => c.Candidate != r.Candidate)))
            {
                // MEDSL's OTHER rows are the other named tickets (Hawkins, Blankenship, …) summed, not write-ins.
                selections.Add(new ContestSelection(new SelectionId(SelectionId(po, "OTHER")), [new CandidateId("cand-other")], false, "Other candidates", []));
            }

            contests.Add(new Contest(new ContestId(ContestId(po)), "President of the United States (" + Title(state) + ")", ContestKind.Candidate,
                new GpUnitId(StateUnit(po)), 1, 1, VoteVariation.Plurality, selections.ToImmutable()));
        }

        return new ElectionDefinition(
            "2020 General Election: President (six states, MEDSL county returns)",
            new GpUnitId("ru-us"),
            new DateOnly(2020, 11, 3),
            new DateOnly(2020, 11, 3),
            "general",
            "Canvass demo from MIT Election Data and Science Lab county returns",
            "US",
            units.ToImmutable(),
            parties,
            [],
            candidates,
            contests.ToImmutable(),
            []);
    }

    private static string Title(string upper) =>
        CultureInfo.InvariantCulture.TextInfo.ToTitleCase(upper.ToLowerInvariant());

    private static string Slug(string name) => name.ToLowerInvariant().Replace(' ', '_').Replace(".", "", StringComparison.Ordinal);
}
