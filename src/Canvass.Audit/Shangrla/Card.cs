using System.Collections.Immutable;
using Canvass.Domain.Rcv;

namespace Canvass.Audit.Shangrla;

/// <summary>
/// A ballot card as SHANGRLA sees it (its <c>CVR</c> class): per contest, the marks on the card — for a plurality or
/// approval contest 1 for a mark (0 for none), for a ranked contest the rank 1, 2, … — plus whether it is a phantom.
/// The same type holds a machine CVR and a manual reading (MVR) of the paper.
/// </summary>
/// <remarks>
/// A card that lists a contest with no marks is different from a card without the contest: with card-style data an MVR
/// that lacks a contest its CVR has counts against the reported winner. Record equality compares <see cref="Votes"/> by
/// reference, not by content. Immutable; thread-safe.
/// </remarks>
/// <param name="Id">The card's identifier.</param>
/// <param name="Votes">Contest → candidate → mark value (0 = no mark).</param>
/// <param name="Phantom">True for a phantom card (in the manifest or the count of cards but with no CVR, or not found).</param>
public sealed record Card(string Id, ImmutableDictionary<string, ImmutableDictionary<string, int>> Votes, bool Phantom = false)
{
    /// <summary>The tally pool (batch) the card was counted in, for ONEAudit; null when it has none.</summary>
    /// <value>Null unless given.</value>
    public string? TallyPool { get; init; }

    /// <summary>True when the card's CVR is its pool's average rather than its own votes (ONEAudit): a comparison uses
    /// the pool's mean assorter value as the CVR's.</summary>
    /// <value>False unless given.</value>
    public bool Pool { get; init; }

    /// <summary>
    /// SHANGRLA's <c>add_pool_contests</c>: every card of a tally pool lists every contest any card of that pool lists
    /// (with no marks where it had none), so that with card-style data each pooled card can hold each pooled contest.
    /// </summary>
    public static IReadOnlyList<Card> AddPoolContests(IReadOnlyList<Card> cards)
    {
        ArgumentNullException.ThrowIfNull(cards);
        var contestsByPool = cards.Where(c => c.TallyPool is not null)
            .GroupBy(c => c.TallyPool!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(c => c.Votes.Keys).Distinct(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        return [.. cards.Select(c =>
        {
            if (c.TallyPool is null)
            {
                return c;
            }

            var votes = c.Votes;
            foreach (var contest in contestsByPool[c.TallyPool])
            {
                if (!votes.ContainsKey(contest))
                {
                    votes = votes.Add(contest, ImmutableDictionary<string, int>.Empty);
                }
            }

            return c with { Votes = votes };
        })];
    }

    /// <summary>The mark value for <paramref name="candidate"/> in <paramref name="contestId"/>; 0 when there is none.</summary>
    public int VoteFor(string contestId, string candidate) =>
        Votes.TryGetValue(contestId, out var marks) && marks.TryGetValue(candidate, out var v) ? v : 0;

    /// <summary>True when the card contains <paramref name="contestId"/> (even with no marks in it).</summary>
    public bool HasContest(string contestId) => Votes.ContainsKey(contestId);

    /// <summary>A card with marks (value 1) for <paramref name="marked"/> in one contest.</summary>
    public static Card WithMarks(string id, string contestId, params IEnumerable<string> marked) =>
        new(id, ImmutableDictionary<string, ImmutableDictionary<string, int>>.Empty.Add(
            contestId, marked.Distinct(StringComparer.Ordinal).ToImmutableDictionary(c => c, _ => 1, StringComparer.Ordinal)));

    /// <summary>A card ranking <paramref name="preferences"/> 1, 2, … in one contest.</summary>
    public static Card WithRanking(string id, string contestId, IReadOnlyList<string> preferences)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        var ranks = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < preferences.Count; i++)
        {
            ranks.TryAdd(preferences[i], i + 1);
        }

        return new(id, ImmutableDictionary<string, ImmutableDictionary<string, int>>.Empty.Add(contestId, ranks.ToImmutable()));
    }

    /// <summary>A card with no contests.</summary>
    public static Card Empty(string id, bool phantom = false) =>
        new(id, ImmutableDictionary<string, ImmutableDictionary<string, int>>.Empty, phantom);

    /// <summary>
    /// The effective ranking of a ranked-choice CVR, as RAIRE reads ballots: marks in rank order, a candidate's
    /// repeat rankings ignored, and the ranking stopped at the first overvoted rank (two candidates at one rank, or
    /// the overvote label). Skipped ranks are closed up.
    /// </summary>
    public static IReadOnlyList<string> Preferences(RankedCvr cvr)
    {
        ArgumentNullException.ThrowIfNull(cvr);
        var result = new List<string>();
        foreach (var rank in cvr.Choices.GroupBy(c => c.Rank).OrderBy(g => g.Key))
        {
            var names = rank.Select(c => c.Candidate).Distinct(StringComparer.Ordinal).ToList();
            if (names.Count > 1 || names[0] == RankedCvr.Overvote)
            {
                break;
            }

            if (!result.Contains(names[0], StringComparer.Ordinal))
            {
                result.Add(names[0]);
            }
        }

        return result;
    }

    /// <summary>A SHANGRLA card for a ranked-choice CVR in contest <paramref name="contestId"/> (see <see cref="Preferences"/>).</summary>
    public static Card FromRanked(RankedCvr cvr, string contestId) => WithRanking(cvr.Id, contestId, Preferences(cvr));
}
