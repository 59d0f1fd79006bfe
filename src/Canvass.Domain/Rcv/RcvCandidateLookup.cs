namespace Canvass.Domain.Rcv;

/// <summary>The strings that name a ranked-choice contest's candidates in cast vote records, matched exactly and
/// case-sensitively as RCTab matches them: each candidate's name and aliases (a string two candidates share names the
/// first), plus the marks readers make of a source's labels (<see cref="RankedCvr.Overvote"/>,
/// <see cref="RankedCvr.UndeclaredWriteIn"/>). Any other string is an unrecognized candidate, which RCTab refuses. The
/// tabulator and the CVR readers recognize candidates through this one lookup, so they never disagree.</summary>
/// <threadsafety>Immutable once built; safe for concurrent reads.</threadsafety>
public sealed class RcvCandidateLookup
{
    private readonly Dictionary<string, int> _candidates = new(StringComparer.Ordinal);

    /// <summary>Builds the lookup of <paramref name="contest"/>'s candidates.</summary>
    /// <param name="contest">The contest.</param>
    public RcvCandidateLookup(RcvContest contest)
    {
        ArgumentNullException.ThrowIfNull(contest);
        for (var i = 0; i < contest.Candidates.Length; i++)
        {
            var candidate = contest.Candidates[i];
            _candidates.TryAdd(candidate.Name, i);
            foreach (var alias in candidate.Aliases)
            {
                _candidates.TryAdd(alias, i);
            }
        }
    }

    /// <summary>The configured candidate <paramref name="name"/> names, as its index in <see cref="RcvContest.Candidates"/>.</summary>
    /// <param name="name">A name or alias.</param>
    /// <param name="index">The candidate's index, when found.</param>
    /// <returns>True when <paramref name="name"/> is a candidate's name or alias.</returns>
    public bool TryGetCandidate(string name, out int index) => _candidates.TryGetValue(name, out index);

    /// <summary>True when a ranking may hold <paramref name="name"/>: a candidate's name or alias, an overvote or an
    /// undeclared write-in.</summary>
    /// <param name="name">The candidate string of a mark, after the source's labels are applied.</param>
    public bool Recognizes(string name) =>
        _candidates.ContainsKey(name)
        || string.Equals(name, RankedCvr.Overvote, StringComparison.Ordinal)
        || string.Equals(name, RankedCvr.UndeclaredWriteIn, StringComparison.Ordinal);

    /// <summary>The message for a ballot that ranks a string <see cref="Recognizes"/> refuses.</summary>
    /// <param name="ballotId">The ballot's id in its source.</param>
    /// <param name="name">The string it ranks.</param>
    public static string Unrecognized(string ballotId, string name) =>
        $"Ballot {ballotId} ranks \"{name}\", which is not a candidate name or alias in the contest config (unrecognized candidate).";
}
