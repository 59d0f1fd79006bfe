using System.Collections.Immutable;
using System.Globalization;
using Canvass.Domain.Audits;
using Canvass.Domain.Events;

namespace Canvass.Audit.Workflow;

/// <summary>Votes a number of ballots cannot hold: a selection's, or a contest's in all.</summary>
/// <param name="Contest">The contest id.</param>
/// <param name="Selection">The selection with more votes than the ballots, or null when each selection fits but the
/// contest's votes in all pass ballots × votes allowed.</param>
/// <param name="Ballots">The ballots the votes are held against.</param>
/// <param name="Shown">The votes entered: the selection's, or the contest's in all.</param>
/// <param name="Allowed">The most those ballots can hold: the ballots for a selection (a ballot marks a selection at most
/// once), ballots × votes allowed for the contest.</param>
public sealed record ExcessVotes(string Contest, string? Selection, long Ballots, long Shown, long Allowed);

/// <summary>A tally sheet's tally, standing in a round, that gives a contest more votes than the ballots the same sheet
/// counts in the batch can hold.</summary>
/// <param name="Tally">The tally as entered.</param>
/// <param name="Excess">What does not add up.</param>
public sealed record ImpossibleTally(AuditedBatchTally Tally, ExcessVotes Excess);

/// <summary>Whether a tally sheet's row adds up on its own: the votes it gives each contest must fit the ballots its own
/// <c>Ballots</c> column counts in the batch.</summary>
/// <remarks>
/// <para>A sheet carries no undervote or overvote column: its votes are the valid votes, and a ballot's unused or
/// overvoted choices are in none of them. So for b ballots and a contest of k votes allowed, each selection has at most b
/// votes and the contest at most b·k in all (for a vote-for-one contest, no more votes than ballots); votes below that
/// are undervotes and overvotes, which a sheet may hold. A row past it is arithmetically impossible whatever the
/// manifest says — a data-entry mistake — and is refused, unlike a row that does not fit the manifest, which in a full
/// hand tally is the paper as found (<see cref="BallotAccounting"/>).</para>
/// </remarks>
public static class TallySheetArithmetic
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The votes of a contest that <paramref name="ballots"/> ballots cannot hold: every selection with more votes
    /// than the ballots, or, when each selection fits, the contest's votes in all when they pass ballots × votes allowed.
    /// Empty when the votes fit.</summary>
    public static ImmutableArray<ExcessVotes> Beyond(AuditedContest contest, long ballots, IEnumerable<ReportedChoice> votes)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(votes);
        var list = votes.ToList();
        var selections = list.Where(v => v.Votes > ballots).Select(v => new ExcessVotes(contest.Contest, v.Selection, ballots, v.Votes, ballots)).ToImmutableArray();
        if (!selections.IsEmpty)
        {
            return selections;
        }

        // In 128 bits: a log written without Canvass's rules can hold counts whose sum or product passes a long.
        var total = list.Aggregate(Int128.Zero, (sum, v) => sum + v.Votes);
        var capacity = (Int128)ballots * contest.VotesAllowed;
        return total > capacity ? [new ExcessVotes(contest.Contest, null, ballots, Saturated(total), Saturated(capacity))] : [];
    }

    private static long Saturated(Int128 n) => (long)Int128.Clamp(n, long.MinValue, long.MaxValue);

    /// <summary>Every tally standing in the round (the last entered for its batch and contest) whose sheet gave a
    /// <c>Ballots</c> its votes do not fit, in county, tabulator, batch and contest order. Canvass refuses such a sheet
    /// when it is entered; a log can hold one only if an older Canvass entered it, or if the log was written without
    /// Canvass's rules.</summary>
    public static ImmutableArray<ImpossibleTally> Impossible(AuditCreated audit, AuditRound round)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(round);
        var contests = audit.Contests.ToDictionary(c => c.Contest, StringComparer.Ordinal);
        return
        [
            .. round.BatchTallies.Values
                .Where(t => t.Ballots is not null && contests.ContainsKey(t.Contest))
                .OrderBy(t => t.County, StringComparer.Ordinal).ThenBy(t => t.Tabulator, StringComparer.Ordinal)
                .ThenBy(t => t.Batch, StringComparer.Ordinal).ThenBy(t => t.Contest, StringComparer.Ordinal)
                .SelectMany(t => Beyond(contests[t.Contest], t.Ballots!.Value, t.Votes).Select(e => new ImpossibleTally(t, e))),
        ];
    }

    /// <summary><see cref="Describe(ExcessVotes, string, int)"/> of a standing tally, naming its batch with its tabulator,
    /// if any, and <paramref name="jurisdiction"/>.</summary>
    public static string Describe(AuditCreated audit, ImpossibleTally impossible, string jurisdiction)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(impossible);
        var t = impossible.Tally;
        var votesAllowed = audit.Contests.First(c => c.Contest == t.Contest).VotesAllowed;
        return Describe(impossible.Excess, $"{t.Batch}{(t.Tabulator is null ? "" : $" (tabulator {t.Tabulator})")} of {jurisdiction}", votesAllowed);
    }

    /// <summary>One sentence on votes a tally sheet's own ballots cannot hold, for people: the batch, the votes, and the
    /// ballots the sheet counts.</summary>
    /// <param name="excess">What does not add up.</param>
    /// <param name="batch">The batch as people know it: its name, or its name, tabulator and jurisdiction ("b1 (tabulator
    /// T1) of North County").</param>
    /// <param name="votesAllowed">The contest's votes allowed per ballot.</param>
    public static string Describe(ExcessVotes excess, string batch, int votesAllowed)
    {
        ArgumentNullException.ThrowIfNull(excess);
        var e = excess;
        return e.Selection is { } selection
            ? $"{e.Shown.ToString(C)} votes for {selection} (contest {e.Contest}) in batch {batch}, more than the {e.Ballots.ToString(C)} ballots its sheet counts (Ballots); a ballot marks a selection at most once."
            : $"The votes of contest {e.Contest} in batch {batch} add up to {e.Shown.ToString(C)}, more than the {e.Ballots.ToString(C)} ballots its sheet counts (Ballots) can hold ({e.Allowed.ToString(C)} votes, {votesAllowed.ToString(C)} a ballot).";
    }
}
