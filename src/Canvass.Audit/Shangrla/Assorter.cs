namespace Canvass.Audit.Shangrla;

/// <summary>
/// A SHANGRLA assorter: maps a card to [0, u] so that the assertion "the reported winner beat the loser" is true exactly
/// when the assorter's mean over all cards exceeds ½.
/// </summary>
/// <remarks>Immutable; thread-safe.</remarks>
public abstract record Assorter
{
    private protected Assorter(string contestId, double upperBound)
    {
        ArgumentNullException.ThrowIfNull(contestId);
        ContestId = contestId;
        UpperBound = upperBound;
    }

    /// <summary>The contest the assorter reads.</summary>
    public string ContestId { get; }

    /// <summary>The largest value the assorter gives any card (u).</summary>
    public double UpperBound { get; }

    /// <summary>The assorter's value for <paramref name="card"/>.</summary>
    public abstract double Assort(Card card);

    /// <summary>
    /// SHANGRLA's <c>Assorter.overstatement</c>: A(CVR) − A(MVR), where a phantom CVR assorts to ½, and a phantom MVR —
    /// or, with card-style data, an MVR without the contest — assorts to 0 (the worst case).
    /// </summary>
    /// <param name="mvr">The paper, as the audit board read it.</param>
    /// <param name="cvr">The machine's record of the same card.</param>
    /// <param name="useStyle">Whether the sample was drawn from the cards that should contain the contest.</param>
    /// <param name="tallyPoolMeans">ONEAudit: pool → mean assorter value (<see cref="TallyPoolMeans"/>); a pooled CVR
    /// (<see cref="Card.Pool"/>) assorts to its pool's mean.</param>
    /// <exception cref="ArgumentException">With <paramref name="useStyle"/>, the CVR does not contain the contest.</exception>
    public double Overstatement(Card mvr, Card cvr, bool useStyle, IReadOnlyDictionary<string, double>? tallyPoolMeans = null)
    {
        ArgumentNullException.ThrowIfNull(mvr);
        ArgumentNullException.ThrowIfNull(cvr);
        if (useStyle && !cvr.HasContest(ContestId))
        {
            throw new ArgumentException($"card-style data is in use but CVR {cvr.Id} does not contain contest {ContestId}", nameof(cvr));
        }

        var mvrAssort = mvr.Phantom || (useStyle && !mvr.HasContest(ContestId)) ? 0 : Assort(mvr);
        var cvrAssort = cvr.Pool && tallyPoolMeans is not null ? tallyPoolMeans[cvr.TallyPool ?? ""]
            : cvr.Phantom ? 0.5 : Assort(cvr);
        return cvrAssort - mvrAssort;
    }

    /// <summary>
    /// SHANGRLA's <c>set_tally_pool_means</c> (ONEAudit): per tally pool, the assorter's mean over the pool's cards
    /// (with card-style data, those that contain the contest); NaN for a pool with no such card.
    /// </summary>
    public IReadOnlyDictionary<string, double> TallyPoolMeans(IEnumerable<Card> cards, bool useStyle = true)
    {
        ArgumentNullException.ThrowIfNull(cards);
        var sums = new Dictionary<string, (double Total, int N)>(StringComparer.Ordinal);
        foreach (var card in cards)
        {
            var pool = card.TallyPool ?? "";
            var (total, n) = sums.GetValueOrDefault(pool);
            sums[pool] = !useStyle || card.HasContest(ContestId) ? (total + Assort(card), n + 1) : (total, n);
        }

        return sums.ToDictionary(p => p.Key, p => p.Value.N == 0 ? double.NaN : p.Value.Total / p.Value.N, StringComparer.Ordinal);
    }

    /// <summary>The assorter's mean over <paramref name="cards"/> (with card-style data, over the cards that contain the
    /// contest); NaN when there are none.</summary>
    public double Mean(IEnumerable<Card> cards, bool useStyle = true)
    {
        ArgumentNullException.ThrowIfNull(cards);
        var sum = 0.0;
        var n = 0;
        foreach (var card in cards)
        {
            if (!useStyle || card.HasContest(ContestId))
            {
                sum += Assort(card);
                n++;
            }
        }

        return n == 0 ? double.NaN : sum / n;
    }

    private protected static double AsVote(int v) => v != 0 ? 1 : 0;
}

/// <summary>An assorter for "<see cref="Winner"/> beat <see cref="Loser"/>" in some sense (u = 1): 1 for a card that
/// counts for the winner, 0 for one that counts for the loser, ½ otherwise.</summary>
public abstract record PairwiseAssorter : Assorter
{
    private protected PairwiseAssorter(string contestId, string winner, string loser)
        : base(contestId, 1)
    {
        ArgumentNullException.ThrowIfNull(winner);
        ArgumentNullException.ThrowIfNull(loser);
        Winner = winner;
        Loser = loser;
    }

    /// <summary>The candidate the assertion says is ahead.</summary>
    public string Winner { get; }

    /// <summary>The candidate the assertion says is behind.</summary>
    public string Loser { get; }
}

/// <summary>Plurality, vote-for-n and approval: A(b) = (v_w(b) − v_ℓ(b) + 1)/2 ∈ {0, ½, 1}, u = 1.</summary>
public sealed record PluralityAssorter : PairwiseAssorter
{
    /// <summary>Creates the assorter for "<paramref name="winner"/> beat <paramref name="loser"/>".</summary>
    public PluralityAssorter(string contestId, string winner, string loser)
        : base(contestId, winner, loser)
    {
    }

    /// <inheritdoc/>
    public override double Assort(Card card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return (AsVote(card.VoteFor(ContestId, Winner)) - AsVote(card.VoteFor(ContestId, Loser)) + 1) / 2;
    }
}

/// <summary>
/// Supermajority (winner needs share f of the valid votes): A(b) = v_w(b)/(2f) for a card with exactly one mark among
/// the candidates, ½ otherwise (no valid vote); u = 1/(2f).
/// </summary>
public sealed record SupermajorityAssorter : Assorter
{
    /// <summary>Creates the assorter.</summary>
    /// <param name="contestId">The contest.</param>
    /// <param name="winner">The reported winner.</param>
    /// <param name="candidates">Every candidate (winner included); a card with one mark among them is a valid vote.</param>
    /// <param name="shareToWin">f, the share of valid votes needed to win.</param>
    public SupermajorityAssorter(string contestId, string winner, IReadOnlyList<string> candidates, double shareToWin)
        : base(contestId, 1 / (2 * shareToWin))
    {
        ArgumentNullException.ThrowIfNull(candidates);
        Winner = winner;
        Candidates = [.. candidates.Append(winner).Distinct(StringComparer.Ordinal)];
        ShareToWin = shareToWin;
    }

    /// <summary>The reported winner.</summary>
    public string Winner { get; }

    /// <summary>Every candidate, winner included.</summary>
    public IReadOnlyList<string> Candidates { get; }

    /// <summary>f, the share of valid votes needed to win.</summary>
    public double ShareToWin { get; }

    /// <inheritdoc/>
    public override double Assort(Card card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var marks = Candidates.Count(c => card.VoteFor(ContestId, c) != 0);
        return marks == 1 ? AsVote(card.VoteFor(ContestId, Winner)) / (2 * ShareToWin) : 0.5;
    }
}

/// <summary>
/// RAIRE's "not eliminated before" (NEB, SHANGRLA's WINNER_ONLY) assertion for IRV: the winner cannot be eliminated
/// before the loser. A card counts for the winner (1) when it ranks the winner first, for the loser (0) when it ranks
/// the loser above the winner or ranks the loser and not the winner, and ½ otherwise.
/// </summary>
public sealed record NebAssorter : PairwiseAssorter
{
    /// <summary>Creates the assorter for "<paramref name="winner"/> NEB <paramref name="loser"/>": the winner cannot be
    /// eliminated before the loser.</summary>
    public NebAssorter(string contestId, string winner, string loser)
        : base(contestId, winner, loser)
    {
    }

    /// <inheritdoc/>
    public override double Assort(Card card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var w = card.VoteFor(ContestId, Winner);
        var l = card.VoteFor(ContestId, Loser);
        var forWinner = w == 1 ? 1 : 0;
        var forLoser = (w == 0 && l != 0) || (w != 0 && l != 0 && l < w) ? 1 : 0;
        return (forWinner - forLoser + 1) / 2.0;
    }
}

/// <summary>
/// RAIRE's "not eliminated next" (NEN, SHANGRLA's IRV_ELIMINATION) assertion: when exactly the candidates in
/// <see cref="Remaining"/> are left, the winner has more votes than the loser, so the winner is not the next eliminated.
/// A card counts 1 when its top choice among the remaining is the winner, 0 when it is the loser, ½ otherwise.
/// </summary>
public sealed record NenAssorter : PairwiseAssorter
{
    /// <summary>Creates the assorter for "<paramref name="winner"/> has more votes than <paramref name="loser"/> when
    /// exactly <paramref name="remaining"/> stand".</summary>
    public NenAssorter(string contestId, string winner, string loser, IReadOnlyCollection<string> remaining)
        : base(contestId, winner, loser)
    {
        ArgumentNullException.ThrowIfNull(remaining);
        Remaining = [.. remaining.Order(StringComparer.Ordinal)];
    }

    /// <summary>The candidates still standing (sorted, for a stable identity).</summary>
    public IReadOnlyList<string> Remaining { get; }

    /// <inheritdoc/>
    public override double Assort(Card card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return (VoteFor(card, Winner) - VoteFor(card, Loser) + 1) / 2.0;
    }

    /// <summary>SHANGRLA's <c>rcv_votefor_cand</c>: 1 when <paramref name="candidate"/> is the card's top choice among the remaining.</summary>
    private int VoteFor(Card card, string candidate)
    {
        if (!Remaining.Contains(candidate, StringComparer.Ordinal))
        {
            return 0;
        }

        var rank = card.VoteFor(ContestId, candidate);
        if (rank == 0)
        {
            return 0;
        }

        foreach (var other in Remaining)
        {
            if (other == candidate)
            {
                continue;
            }

            var r = card.VoteFor(ContestId, other);
            if (r != 0 && r <= rank)
            {
                return 0;
            }
        }

        return 1;
    }
}
