using System.Collections.Immutable;
using System.Globalization;
using Canvass.Domain.Elections;
using Canvass.Domain.Facts;
using Canvass.Domain.Finality;
using Canvass.Domain.Jurisdictions;
using Canvass.Domain.Tabulation;
using nietras.SeparatedValues;

namespace Canvass.Cli.Demo;

/// <summary>The facts of the 2020 presidential result's path to finality, from samples/us2020/us2020-timeline.csv (its
/// dates and sources) and us2020-electoral-votes.csv, for the contests the demo's election has.</summary>
/// <remarks>The CSV gives dates; the time of day is the one it states (the calls), else noon Eastern. Certifications are
/// signed with the demo officials' keys (<see cref="DemoOfficialKeys"/>), the certified tallies are the demo's own
/// counts, and the certifying body is the one the state's rules name. A few facts the CSV only implies are added with
/// their public sources: the Georgia recount request (the campaign's, within the two business days) and tally, and the
/// two legal challenges named below. No candidate conceded in 2020, so no concession is recorded.</remarks>
internal static class TimelineFacts
{
    public const string TimelineResource = "Canvass.Cli.us2020-timeline.csv";
    public const string National = "us-president-2020";
    private static readonly TimeSpan Eastern = TimeSpan.FromHours(-5);

    /// <summary>A row of the timeline CSV.</summary>
    public sealed record Row(DateOnly Date, string Event, string Scope, string Detail, string Source);

    public static IReadOnlyList<Row> LoadTimeline()
    {
        using var stream = typeof(TimelineFacts).Assembly.GetManifestResourceStream(TimelineResource)
            ?? throw new InvalidOperationException($"The embedded resource {TimelineResource} is missing from this build.");
        using var reader = Sep.Reader().From(stream);
        var rows = new List<Row>();
        foreach (var r in reader)
        {
            rows.Add(new Row(DateOnly.ParseExact(r["date"].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture), r["event"].ToString(),
                r["contest_scope"].ToString(), r["detail"].ToString(), r["source"].ToString()));
        }

        return rows;
    }

    /// <summary>Every fact of the timeline for the contests in <paramref name="definition"/>, in time order.</summary>
    public static IReadOnlyList<IContestFact> Build(ElectionDefinition definition, ElectionTabulation tabulation, RulesBook rules)
    {
        var contests = definition.Contests.Select((c, i) => (c, i)).ToDictionary(x => x.c.Id.Value, x => x.i, StringComparer.Ordinal);
        var facts = new List<IContestFact>();
        var desks = rules.For("ocd-division/country:us")?.DecisionDesks ?? [];
        foreach (var row in LoadTimeline())
        {
            var contest = row.Scope == National ? National : $"cc-{row.Scope.ToLowerInvariant()}-president";
            if (!contests.ContainsKey(contest))
            {
                continue;
            }

            switch (row.Event)
            {
                case "media-call":
                    // "DDHQ projects … (about 9 a.m. ET)"; "AP and the major television networks project … (about 11:25 a.m. ET)".
                    var callers = row.Detail.StartsWith("Decision Desk HQ", StringComparison.Ordinal) ? ["DDHQ"] : desks.Where(d => d != "DDHQ").ToArray();
                    var time = row.Detail.Contains("11:25", StringComparison.Ordinal) ? new TimeOnly(11, 25) : new TimeOnly(9, 0);
                    facts.AddRange(callers.Select(d => new RaceCalled(contest, d, "cand-biden", row.Detail, row.Source, At(row.Date, time), null)));
                    break;
                case "audit-result":
                    facts.Add(new AuditResultRecorded(contest, "hand-count", "passed",
                        "Full hand tally of about 5 million ballots in 41,881 batches: Biden 2,475,141, Trump 2,462,857 (margin 12,284); outcome confirmed",
                        row.Source, At(row.Date), null));
                    break;
                case "certification":
                    facts.Add(Certify(definition, rules, contest, Tally(definition.Contests[contests[contest]], tabulation.Contests[contests[contest]]), row, false));
                    if (row.Scope == "GA" && contests.ContainsKey(National))
                    {
                        facts.Add(new ElectorsAppointed(National, "GA", "cand-biden", 16, "Governor of Georgia (certificate of ascertainment)", At(row.Date, new TimeOnly(17, 0)), null));
                    }

                    break;
                case "recertification":
                    // The recount the campaign requested within two business days of the 20 November certification; its
                    // tally (Biden 2,473,633, Trump 2,461,854; Jorgensen's recount figure is not in our sources).
                    ImmutableArray<NamedCount> recount = [new("cs-ga-biden", 2_473_633), new("cs-ga-trump", 2_461_854)];
                    facts.Add(new RecountRequested(contest, "Donald J. Trump for President, Inc.", null, "Georgia Secretary of State; News4Jax, 4 Dec 2020", At(new DateOnly(2020, 11, 21)), null));
                    facts.Add(new RecountCompleted(contest, recount, TallyHash.Compute(contest, recount), null, "News4Jax, 4 Dec 2020; NZ Herald / AP, 7 Dec 2020", At(row.Date, new TimeOnly(9, 0)), null));
                    facts.Add(Certify(definition, rules, contest, recount, row, true));
                    break;
                case "legal-ruling":
                    facts.Add(new LegalChallengeFiled(contest, "Supreme Court of the United States", "22O155", "State of Texas",
                        ["Georgia, Michigan, Pennsylvania and Wisconsin changed their election rules unconstitutionally"], "Supreme Court docket No. 22O155", At(new DateOnly(2020, 12, 8)), null));
                    facts.Add(new LegalChallengeRuled(contest, "22O155", "Supreme Court of the United States", "denied", row.Detail, row.Source, At(row.Date, new TimeOnly(18, 0)), null));
                    facts.Add(new LegalChallengeClosed(contest, "22O155", "denied (leave to file a bill of complaint)", row.Source, At(row.Date, new TimeOnly(18, 0)), null));
                    break;
                case "electors-vote":
                    facts.AddRange(ElectorVotes(row));
                    break;
                case "congress-count":
                    facts.Add(new CongressCounted(contest, [new("cand-biden", 306), new("cand-trump", 232)], row.Source, At(row.Date, new TimeOnly(3, 41)), null));
                    break;
            }
        }

        if (contests.ContainsKey("cc-ga-president"))
        {
            // Wood v. Raffensperger: filed 13 Nov, injunction denied 20 Nov, affirmed by the Eleventh Circuit 5 Dec 2020.
            const string Ga = "cc-ga-president";
            facts.Add(new LegalChallengeFiled(Ga, "U.S. District Court for the Northern District of Georgia", "1:20-cv-04651-SDG", "L. Lin Wood, Jr.",
                ["the settlement on absentee-ballot signature matching was unlawful", "halt certification"], "Court record (N.D. Ga.)", At(new DateOnly(2020, 11, 13)), null));
            facts.Add(new LegalChallengeRuled(Ga, "1:20-cv-04651-SDG", "U.S. District Court for the Northern District of Georgia", "denied",
                "Emergency motion to halt certification denied", "Wood v. Raffensperger, 501 F. Supp. 3d 1310 (N.D. Ga. 2020)", At(new DateOnly(2020, 11, 20), new TimeOnly(10, 0)), null));
            facts.Add(new LegalChallengeAppealed(Ga, "1:20-cv-04651-SDG", "U.S. Court of Appeals for the Eleventh Circuit", "L. Lin Wood, Jr.", "Court record", At(new DateOnly(2020, 11, 20), new TimeOnly(16, 0)), null));
            facts.Add(new LegalChallengeRuled(Ga, "1:20-cv-04651-SDG", "U.S. Court of Appeals for the Eleventh Circuit", "affirmed", "Denial affirmed for lack of standing",
                "Wood v. Raffensperger, 981 F.3d 1307 (11th Cir. 2020)", At(new DateOnly(2020, 12, 5)), null));
            facts.Add(new LegalChallengeClosed(Ga, "1:20-cv-04651-SDG", "dismissed", "Wood v. Raffensperger, 981 F.3d 1307 (11th Cir. 2020)", At(new DateOnly(2020, 12, 5)), null));
        }

        return [.. facts.OrderBy(f => f.At)];
    }

    private static IEnumerable<IContestFact> ElectorVotes(Row row)
    {
        using var reader = Sep.Reader().From(NationalData.Open(NationalData.ElectoralVotesResource));
        var list = new List<IContestFact>();
        foreach (var r in reader)
        {
            var unit = r["unit"].ToString() == "at-large" ? r["state_po"].ToString() : r["state_po"].ToString() + "-" + r["unit"].ToString();
            var biden = r["electoral_votes_cast_biden"].Parse<int>();
            var trump = r["electoral_votes_cast_trump"].Parse<int>();
            ImmutableArray<NamedCount> votes = [.. new[] { new NamedCount("cand-biden", biden), new NamedCount("cand-trump", trump) }.Where(v => v.Votes > 0)];
            list.Add(new ElectorVotesCast(National, unit, r["electoral_votes"].Parse<int>(), votes, row.Source, At(row.Date), null));
        }

        return list;
    }

    private static ImmutableArray<NamedCount> Tally(Contest contest, ContestResult result) =>
        [.. contest.Selections.Select((s, i) => new NamedCount(s.Id.Value, result.Votes[i]))];

    private static ContestCertified Certify(ElectionDefinition definition, RulesBook rules, string contest, ImmutableArray<NamedCount> tally, Row row, bool recertification)
    {
        var unit = definition.GpUnits.Single(u => u.Id == definition.Contests.Single(c => c.Id.Value == contest).ElectionDistrictId);
        var ocd = unit.ExternalIdentifiers.First(x => x.Type == "ocd-id").Value;
        var body = rules.Chain(ocd).SelectMany(j => j.CertifyingBodies).First(b => b.Level == "state");
        var hash = TallyHash.Compute(contest, tally);
        ImmutableArray<OfficialSignature> signatures = [.. body.Officials.Take(body.Required)
            .Select(o => new OfficialSignature(o.Id, CertificationSignatures.Sign(DemoOfficialKeys.Seed(o.Id), hash)))];
        return new ContestCertified(contest, "state", body.Id, tally, hash, signatures, recertification, row.Source, At(row.Date), null);
    }

    private static DateTimeOffset At(DateOnly day, TimeOnly? time = null) => new(day.ToDateTime(time ?? new TimeOnly(12, 0)), Eastern);
}
