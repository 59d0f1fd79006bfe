using System.Collections.Immutable;
using Canvass.Domain.Elections;

namespace Canvass.Cli.Tests;

/// <summary>A small election with a ranked-choice mayor's race (and a plurality contest), for the RCV end-to-end tests.</summary>
/// <remarks>
/// The eleven ballots, worked out by hand with RCTab's default rules (overvote exhausts, single-winner majority):
/// round 1 — Ann 4, Ben 3, Cal 2, 2 inactive (overvoted at rank 1); 9 active, threshold 5: no majority, Cal eliminated.
/// Round 2 — Cal's two ballots go to Ben: Ann 4, Ben 5 ≥ 5, Ben elected.
/// With <c>alwaysSkipToNextRank</c> the overvoted rank is passed over, so the two <c>Ben|Cal&gt;Ann</c> ballots count
/// for Ann in round 1: Ann 6, Ben 3, Cal 2; 11 active, threshold 6: Ann elected in round 1.
/// </remarks>
public static class RcvTestElection
{
    public const string Ballots = """
        ballot_id,county,precinct,batch,vote_method,cc-mayor,cc-clerk
        R01,ru-c,ru-p1,b1,election-day,cs-m-ann,cs-k-a
        R02,ru-c,ru-p1,b1,election-day,cs-m-ann,cs-k-a
        R03,ru-c,ru-p1,b1,election-day,cs-m-ann,cs-k-b
        R04,ru-c,ru-p2,b1,election-day,cs-m-ann,cs-k-b
        R05,ru-c,ru-p2,b1,election-day,cs-m-ben,cs-k-a
        R06,ru-c,ru-p2,b2,early,cs-m-ben,cs-k-a
        R07,ru-c,ru-p2,b2,early,cs-m-ben,
        R08,ru-c,ru-p1,b2,early,cs-m-cal>cs-m-ben,cs-k-b
        R09,ru-c,ru-p1,b2,early,cs-m-cal>cs-m-ben,cs-k-a
        R10,ru-c,ru-p2,b2,early,cs-m-ben|cs-m-cal>cs-m-ann,cs-k-a
        R11,ru-c,ru-p2,b2,early,cs-m-ben|cs-m-cal>cs-m-ann,cs-k-b

        """;

    public const string SkipOvervoteConfig = """
        {
          "tabulatorVersion": "1.3.999",
          "outputSettings": { "contestName": "Mayor" },
          "cvrFileSources": [],
          "candidates": [],
          "rules": {
            "tiebreakMode": "useCandidateOrder",
            "overvoteRule": "alwaysSkipToNextRank",
            "winnerElectionMode": "singleWinnerMajority",
            "numberOfWinners": "1",
            "maxSkippedRanksAllowed": "1",
            "maxRankingsAllowed": "max",
            "decimalPlacesForVoteArithmetic": "4",
            "rulesDescription": "Mayor: skip overvoted ranks"
          }
        }
        """;

    public static ElectionDefinition Definition { get; } = Build();

    public static string WriteJson(Canvass canvass, string name = "rcv-election.json") => TestElection.WriteJson(canvass, Definition, name);

    private static ElectionDefinition Build()
    {
        static GpUnit Unit(string id, string name, string type, params string[] children) => TestElection.Unit(id, name, type, children);
        static ContestSelection Sel(string id, string text, string candidate) => TestElection.Sel(id, text, candidate);

        ImmutableArray<GpUnit> units =
        [
            Unit("ru-c", "Rank City", "county", "ru-p1", "ru-p2"),
            Unit("ru-p1", "Ward 1", "precinct"),
            Unit("ru-p2", "Ward 2", "precinct"),
        ];
        ImmutableArray<Candidate> candidates =
        [
            new(new CandidateId("can-ann"), "Ann"), new(new CandidateId("can-ben"), "Ben"), new(new CandidateId("can-cal"), "Cal"),
            new(new CandidateId("can-ka"), "Kay"), new(new CandidateId("can-kb"), "Lee"),
        ];
        ImmutableArray<Contest> contests =
        [
            new(new ContestId("cc-mayor"), "Mayor", ContestKind.Candidate, new GpUnitId("ru-c"), 1, 1, VoteVariation.Rcv,
                [Sel("cs-m-ann", "Ann", "can-ann"), Sel("cs-m-ben", "Ben", "can-ben"), Sel("cs-m-cal", "Cal", "can-cal")]),
            new(new ContestId("cc-clerk"), "Clerk", ContestKind.Candidate, new GpUnitId("ru-c"), 1, 1, VoteVariation.Plurality,
                [Sel("cs-k-a", "Kay", "can-ka"), Sel("cs-k-b", "Lee", "can-kb")]),
        ];
        return new ElectionDefinition("Rank City Election", new GpUnitId("ru-c"), new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 3),
            "general", "Rank City Clerk", "TS", units, [], [], candidates, contests, []);
    }
}
