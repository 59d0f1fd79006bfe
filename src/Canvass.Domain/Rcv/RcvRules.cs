namespace Canvass.Domain.Rcv;

/// <summary>How winners are chosen (RCTab's <c>winnerElectionMode</c>).</summary>
public enum RcvWinnerMode
{
    /// <summary>Single-winner instant runoff (<c>singleWinnerMajority</c>).</summary>
    SingleWinnerMajority,

    /// <summary>STV electing every candidate at or above the threshold in a round (<c>multiWinnerAllowMultipleWinnersPerRound</c>).</summary>
    MultiWinnerAllowMultipleWinnersPerRound,

    /// <summary>STV electing only the top candidate in a round (<c>multiWinnerAllowOnlyOneWinnerPerRound</c>).</summary>
    MultiWinnerAllowOnlyOneWinnerPerRound,

    /// <summary>Eliminate until as many candidates remain as seats (<c>bottomsUp</c>).</summary>
    BottomsUp,

    /// <summary>Eliminate until every remaining candidate has more than a percentage of the active ballots
    /// (<c>bottomsUpUsingPercentageThreshold</c>).</summary>
    BottomsUpUsingPercentageThreshold,

    /// <summary>Sequential single-winner passes, each excluding the earlier winners (<c>multiPassIrv</c>).</summary>
    MultiPassIrv,
}

/// <summary>What an overvoted rank means (RCTab's <c>overvoteRule</c>).</summary>
public enum RcvOvervoteRule
{
    /// <summary>The ballot becomes inactive (<c>exhaustImmediately</c>).</summary>
    ExhaustImmediately,

    /// <summary>The rank is passed over (<c>alwaysSkipToNextRank</c>).</summary>
    AlwaysSkipToNextRank,

    /// <summary>Inactive when two or more of the overvoted candidates are continuing (<c>exhaustIfMultipleContinuing</c>).</summary>
    ExhaustIfMultipleContinuing,
}

/// <summary>How ties are broken (RCTab's <c>tiebreakMode</c>).</summary>
public enum RcvTiebreakMode
{
    /// <summary>A <c>java.util.Random(seed)</c> draw over the ordinally sorted tied names (<c>random</c>).</summary>
    Random,

    /// <summary>An operator decides (<c>stopCountingAndAsk</c>); the tabulator reports a problem when a tie occurs.</summary>
    StopCountingAndAsk,

    /// <summary>Earlier rounds' counts, then random (<c>previousRoundCountsThenRandom</c>).</summary>
    PreviousRoundCountsThenRandom,

    /// <summary>Earlier rounds' counts, then the operator (<c>previousRoundCountsThenAsk</c>).</summary>
    PreviousRoundCountsThenAsk,

    /// <summary>The configured candidate order: the loser is the latest, the winner the earliest (<c>useCandidateOrder</c>).</summary>
    UseCandidateOrder,

    /// <summary>A seeded shuffle of the sorted candidate names (<c>generatePermutation</c>).</summary>
    GeneratePermutation,
}

/// <summary>Every RCTab tabulation rule, typed. Defaults are RCTab's.</summary>
public sealed record RcvRules
{
    /// <summary>How winners are chosen.</summary>
    public RcvWinnerMode WinnerMode { get; init; } = RcvWinnerMode.SingleWinnerMajority;

    /// <summary>Seats to fill; 0 only with <see cref="RcvWinnerMode.BottomsUpUsingPercentageThreshold"/>.</summary>
    public int NumberOfWinners { get; init; } = 1;

    /// <summary>What an overvoted rank means.</summary>
    public RcvOvervoteRule OvervoteRule { get; init; } = RcvOvervoteRule.ExhaustImmediately;

    /// <summary>Blank ranks allowed between marks; null for "unlimited".</summary>
    public int? MaxSkippedRanksAllowed { get; init; } = 1;

    /// <summary>Ranks read; null for "max" (no limit).</summary>
    public int? MaxRankingsAllowed { get; init; }

    /// <summary>A candidate ranked twice makes the ballot inactive ("repeated rankings").</summary>
    public bool ExhaustOnDuplicateCandidate { get; init; }

    /// <summary>How ties are broken.</summary>
    public RcvTiebreakMode TiebreakMode { get; init; } = RcvTiebreakMode.UseCandidateOrder;

    /// <summary>The seed for the random and permutation tiebreaks.</summary>
    public long? RandomSeed { get; init; }

    /// <summary>Eliminate every candidate who cannot catch up, at once.</summary>
    public bool BatchElimination { get; init; }

    /// <summary>After the winner is found, keep eliminating until two candidates remain.</summary>
    public bool ContinueUntilTwoCandidatesRemain { get; init; }

    /// <summary>The round-1 threshold holds for every round.</summary>
    public bool DoesFirstRoundDetermineThreshold { get; init; }

    /// <summary>Stop after this round even without a winner; null for no limit.</summary>
    public int? StopTabulationEarlyAfterRound { get; init; }

    /// <summary>Use the Hare quota (ceiling of votes / seats) in STV.</summary>
    public bool HareQuota { get; init; }

    /// <summary>Use the non-integer Droop threshold (truncated quotient plus one unit in the last place).</summary>
    public bool NonIntegerWinningThreshold { get; init; }

    /// <summary>Decimal places kept (by truncation) in fractional vote arithmetic, 1 to 20.</summary>
    public int DecimalPlacesForVoteArithmetic { get; init; } = 4;

    /// <summary>The percentage (of active ballots) a candidate must exceed in bottoms-up-percentage mode.</summary>
    public decimal? MultiSeatBottomsUpPercentageThreshold { get; init; }

    /// <summary>Removed in RCTab 2.0 and ignored; kept so a config round-trips.</summary>
    public decimal? MinimumVoteThreshold { get; init; }

    /// <summary>In bottoms-up-percentage mode, eliminate every candidate below the threshold at once.</summary>
    public bool CutoffElimination { get; init; }

    /// <summary>True for the two STV modes, which transfer surpluses.</summary>
    public bool IsStv => WinnerMode is RcvWinnerMode.MultiWinnerAllowMultipleWinnersPerRound or RcvWinnerMode.MultiWinnerAllowOnlyOneWinnerPerRound;
}

/// <summary>One candidate of a ranked-choice contest.</summary>
/// <param name="Name">The display name.</param>
/// <param name="Aliases">Other strings that name the candidate in cast vote records (codes, ids, spellings).</param>
/// <param name="Excluded">Rankings of the candidate are passed over.</param>
public sealed record RcvCandidate(string Name, System.Collections.Immutable.ImmutableArray<string> Aliases, bool Excluded = false);

/// <summary>A ranked-choice contest to tabulate: its candidates in configured order, its rules and labels.</summary>
/// <param name="Candidates">The candidates, in the configured order (the order matters for <see cref="RcvTiebreakMode.UseCandidateOrder"/>).</param>
/// <param name="Rules">The tabulation rules.</param>
/// <param name="UndeclaredWriteIns">True when some source has an undeclared write-in label, so the pseudo-candidate
/// <see cref="RankedCvr.UndeclaredWriteIn"/> takes part even with no votes.</param>
/// <param name="TabulateByPrecinct">Also report every round per precinct (<see cref="RankedCvr.Precinct"/>), with the
/// whole contest's decisions.</param>
/// <param name="TabulateByBatch">Also report every round per batch (<see cref="RankedCvr.BatchId"/>).</param>
public sealed record RcvContest(System.Collections.Immutable.ImmutableArray<RcvCandidate> Candidates, RcvRules Rules, bool UndeclaredWriteIns = false,
    bool TabulateByPrecinct = false, bool TabulateByBatch = false);
