namespace Canvass.Audit.Tests;

/// <summary>Builders the audit tests share: a contest named "c" from (candidate, votes) pairs, and a vote tally.</summary>
internal static class AuditTestData
{
    /// <summary>A contest "c" with the candidates in the given order.</summary>
    public static ArloContest Contest(long ballots, int numWinners, params (string Name, long Votes)[] candidates) =>
        new("c", [.. candidates.Select(c => new KeyValuePair<string, long>(c.Name, c.Votes))], ballots, numWinners);

    /// <summary>Candidate → votes, in the given order.</summary>
    public static Dictionary<string, long> Votes(params (string Name, long Votes)[] votes) =>
        votes.ToDictionary(v => v.Name, v => v.Votes, StringComparer.Ordinal);
}
