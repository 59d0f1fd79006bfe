using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Canvass.Domain.Elections;
using Canvass.Domain.Facts;
using Canvass.Domain.Finality;
using Canvass.Domain.Jurisdictions;

namespace Canvass.Domain.Tests.Finality;

/// <summary>A small 2020 election for finality tests: the national contest and the Georgia, Michigan and Arizona state
/// contests, with the OCD-IDs that pick their rules, and helpers to sign certifications with the demo officials' keys.</summary>
internal static class FinalityElection
{
    public static readonly DateTimeOffset Et = new(2020, 1, 1, 0, 0, 0, TimeSpan.FromHours(-5));

    public static ElectionDefinition Definition { get; } = Build();

    /// <summary>A moment on a 2020–21 day, Eastern time.</summary>
    public static DateTimeOffset At(int month, int day, int hour = 12, int minute = 0, int year = 2020) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(-5));

    public static byte[] DemoSeed(string official) => SHA256.HashData(Encoding.UTF8.GetBytes("canvass-demo-official:" + official));

    public static FinalityEvaluator Evaluator(params IContestFact[] facts) =>
        new(Definition, RulesBook.Default, facts.Select((f, i) => new PositionedFact(i + 2, f)));

    public static ContestCertified Certify(string contest, string body, DateTimeOffset at, IEnumerable<(string Id, long Votes)> tally, bool recert, params string[] officials)
    {
        ImmutableArray<NamedCount> counts = [.. tally.Select(t => new NamedCount(t.Id, t.Votes))];
        var hash = TallyHash.Compute(contest, counts);
        ImmutableArray<OfficialSignature> signatures = [.. officials.Select(o => new OfficialSignature(o, CertificationSignatures.Sign(DemoSeed(o), hash)))];
        return new ContestCertified(contest, "state", body, counts, hash, signatures, recert, "test", at, null);
    }

    public static readonly (string, long)[] GaCertified = [("cs-ga-biden", 2_474_507), ("cs-ga-trump", 2_461_837), ("cs-ga-jorgensen", 62_138)];
    public static readonly (string, long)[] GaRecount = [("cs-ga-biden", 2_473_633), ("cs-ga-trump", 2_461_854)];
    public static readonly (string, long)[] MiCertified = [("cs-mi-biden", 2_804_040), ("cs-mi-trump", 2_649_852), ("cs-mi-jorgensen", 60_381)];
    public static readonly (string, long)[] AzCertified = [("cs-az-biden", 1_672_143), ("cs-az-trump", 1_661_686), ("cs-az-jorgensen", 51_465)];

    private static ElectionDefinition Build()
    {
        static GpUnit Unit(string id, string name, string type, string ocd, params string[] children) =>
            new(new GpUnitId(id), name, type, [.. children.Select(c => new GpUnitId(c))], [new ExternalIdentifier("ocd-id", ocd)]);
        static ContestSelection Sel(string id, string candidate) => new(new SelectionId(id), [new CandidateId(candidate)], false, candidate, []);
        static Contest State(string po) => new(new ContestId($"cc-{po}-president"), $"President ({po})", ContestKind.Candidate, new GpUnitId("ru-" + po), 1, 1,
            VoteVariation.Plurality, [Sel($"cs-{po}-biden", "cand-biden"), Sel($"cs-{po}-trump", "cand-trump"), Sel($"cs-{po}-jorgensen", "cand-jorgensen")]);

        ImmutableArray<GpUnit> units =
        [
            Unit("ru-us", "United States", "country", "ocd-division/country:us", "ru-ga", "ru-mi", "ru-az"),
            Unit("ru-ga", "Georgia", "state", "ocd-division/country:us/state:ga"),
            Unit("ru-mi", "Michigan", "state", "ocd-division/country:us/state:mi"),
            Unit("ru-az", "Arizona", "state", "ocd-division/country:us/state:az"),
        ];
        ImmutableArray<Candidate> candidates =
        [
            new(new CandidateId("cand-biden"), "Joseph R. Biden Jr."), new(new CandidateId("cand-trump"), "Donald J. Trump"),
            new(new CandidateId("cand-jorgensen"), "Jo Jorgensen"),
        ];
        ImmutableArray<Contest> contests =
        [
            new(new ContestId("us-president-2020"), "President of the United States", ContestKind.Candidate, new GpUnitId("ru-us"), 1, 1, VoteVariation.Other,
                [Sel("cs-us-biden", "cand-biden"), Sel("cs-us-trump", "cand-trump"), Sel("cs-us-jorgensen", "cand-jorgensen")], null, "electoral-college"),
            State("ga"), State("mi"), State("az"),
        ];
        return new ElectionDefinition("2020 General", new GpUnitId("ru-us"), new DateOnly(2020, 11, 3), new DateOnly(2020, 11, 3), "general", "test", "US",
            units, [], [], candidates, contests, []);
    }
}
