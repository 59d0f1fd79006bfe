using System.Collections.Immutable;

namespace Canvass.Domain.Rcv;

/// <summary>Where an inactive ballot stopped counting, as RCTab reports it.</summary>
public enum RcvInactiveReason
{
    /// <summary>An overvote the overvote rule exhausts.</summary>
    Overvotes,

    /// <summary>More consecutive blank ranks than allowed.</summary>
    SkippedRankings,

    /// <summary>No continuing candidate among the ranked ones.</summary>
    ExhaustedChoices,

    /// <summary>A candidate ranked twice, with <see cref="RcvRules.ExhaustOnDuplicateCandidate"/>.</summary>
    RepeatedRankings,
}

/// <summary>The inactive ballots (cumulative, possibly fractional) after one round.</summary>
/// <param name="Overvotes">Inactive by overvotes.</param>
/// <param name="SkippedRankings">Inactive by skipped rankings.</param>
/// <param name="ExhaustedChoices">Inactive by exhausted choices.</param>
/// <param name="RepeatedRankings">Inactive by repeated rankings.</param>
/// <param name="FinalRoundSurplus">STV: value held on ballots that would move after every seat is filled (last round
/// only; counted as active, not inactive).</param>
public sealed record RcvInactiveBallots(decimal Overvotes, decimal SkippedRankings, decimal ExhaustedChoices, decimal RepeatedRankings, decimal FinalRoundSurplus)
{
    /// <summary>The inactive total (without the final-round surplus).</summary>
    public decimal Total => Overvotes + SkippedRankings + ExhaustedChoices + RepeatedRankings;
}

/// <summary>Votes that moved from a decided candidate during the next round.</summary>
/// <param name="To">A candidate, <see cref="RcvTransfer.Exhausted"/> or <see cref="RcvTransfer.ResidualSurplus"/>.</param>
/// <param name="Amount">The value moved.</param>
public sealed record RcvTransfer(string To, decimal Amount)
{
    /// <summary>The target name for ballots that became inactive (or final-round surplus).</summary>
    public const string Exhausted = "exhausted";

    /// <summary>The target name for value lost to truncation in a surplus transfer.</summary>
    public const string ResidualSurplus = "residual surplus";
}

/// <summary>A candidate elected or eliminated in a round, with where their ballots went next.</summary>
/// <param name="Candidate">The candidate's display name.</param>
/// <param name="Elected">True when elected, false when eliminated.</param>
/// <param name="ByTiebreak">True when a tiebreak made the decision.</param>
/// <param name="Transfers">Where the candidate's ballots (or surplus) went during the next round, by target name, ordinal order.</param>
public sealed record RcvDecision(string Candidate, bool Elected, bool ByTiebreak, ImmutableArray<RcvTransfer> Transfers);

/// <summary>One round of a ranked-choice count.</summary>
/// <param name="Number">The round, from 1.</param>
/// <param name="Tally">Each continuing candidate's votes (and, in STV, earlier winners at their kept value), in configured order.</param>
/// <param name="Threshold">The winning threshold this round.</param>
/// <param name="Decisions">Elected candidates first, then eliminated ones, each group by ordinal name.</param>
/// <param name="Inactive">Cumulative inactive ballots.</param>
/// <param name="ResidualSurplus">Cumulative residual surplus (STV truncation loss).</param>
public sealed record RcvRound(int Number, ImmutableArray<KeyValuePair<string, decimal>> Tally, decimal Threshold, ImmutableArray<RcvDecision> Decisions, RcvInactiveBallots Inactive, decimal ResidualSurplus)
{
    /// <summary>Active ballots: the sum of the tally plus any final-round surplus.</summary>
    public decimal ActiveBallots => Tally.Sum(t => t.Value) + Inactive.FinalRoundSurplus;

    /// <summary>The votes of a candidate this round, or null when not in the tally.</summary>
    public decimal? VotesOf(string candidate)
    {
        foreach (var kv in Tally)
        {
            if (string.Equals(kv.Key, candidate, StringComparison.Ordinal))
            {
                return kv.Value;
            }
        }

        return null;
    }
}

/// <summary>One tabulation pass (the only one, except in multi-pass IRV where each seat has its own).</summary>
/// <param name="Number">The pass, from 1.</param>
/// <param name="Rounds">Every round.</param>
/// <param name="Winners">The winners of this pass, in election order.</param>
/// <param name="TotalBallots">Every ballot read, including those with no rankings.</param>
/// <param name="Undervotes">Ballots with no rankings.</param>
/// <param name="NumberOfCandidates">Every configured candidate (excluded ones too) plus undeclared write-ins when present.</param>
/// <param name="NumberOfContinuingCandidates">Candidates taking part: not excluded, plus undeclared write-ins when present.</param>
public sealed record RcvPass(int Number, ImmutableArray<RcvRound> Rounds, ImmutableArray<string> Winners, decimal TotalBallots, int Undervotes, int NumberOfCandidates, int NumberOfContinuingCandidates)
{
    /// <summary>The last round's threshold.</summary>
    public decimal FinalThreshold => Rounds.IsDefaultOrEmpty ? 0m : Rounds[^1].Threshold;

    /// <summary>Per-precinct and per-batch views of every round (when asked for), in order of first appearance.</summary>
    public ImmutableArray<RcvSlice> Slices { get; init; } = [];
}

/// <summary>What a slice groups ballots by.</summary>
public enum RcvSliceKind
{
    /// <summary>The ballot's precinct.</summary>
    Precinct,

    /// <summary>The ballot's batch.</summary>
    Batch,
}

/// <summary>The rounds restricted to the ballots of one precinct or batch: tallies, transfers and inactive ballots of the
/// slice, decisions and threshold of the whole contest.</summary>
/// <param name="Kind">Precinct or batch.</param>
/// <param name="Id">The precinct or batch id.</param>
/// <param name="Rounds">Every round, seen from the slice.</param>
/// <param name="TotalBallots">The slice's ballots.</param>
/// <param name="Undervotes">The slice's ballots with no rankings.</param>
public sealed record RcvSlice(RcvSliceKind Kind, string Id, ImmutableArray<RcvRound> Rounds, decimal TotalBallots, int Undervotes);

/// <summary>The outcome of a ranked-choice tabulation: every pass, or the problems that stopped it.</summary>
/// <param name="Passes">The passes (one, except in multi-pass IRV).</param>
/// <param name="Problems">Why the count stopped (an unrecognized candidate, a tie needing an operator); empty on success.</param>
public sealed record RcvResult(ImmutableArray<RcvPass> Passes, ImmutableArray<Problem> Problems)
{
    /// <summary>True when the count completed.</summary>
    public bool IsSuccess => Problems.IsDefaultOrEmpty;

    /// <summary>Every winner, in election order across passes.</summary>
    public ImmutableArray<string> Winners => [.. Passes.SelectMany(p => p.Winners)];
}
