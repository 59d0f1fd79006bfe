using Canvass.Domain.Rcv;

namespace Canvass.Audit.Shangrla;

/// <summary>The assertions RAIRE generated for an IRV contest, or why it could not.</summary>
/// <param name="Winner">The reported winner the assertions confirm.</param>
/// <param name="Assertions">NEB (<see cref="NebAssorter"/>) and NEN (<see cref="NenAssorter"/>) assertions with their margins;
/// if all are true, every elimination order that ends with another winner is impossible. Empty when <see cref="Problem"/> is set.</param>
/// <param name="Difficulty">The largest 1/margin among the assertions (the audit's hardest assertion); ∞ when none suffice.</param>
/// <param name="Problem">Null on success; otherwise why no set of true assertions rules out every other winner (e.g. a tie).</param>
public sealed record RaireResult(string Winner, IReadOnlyList<Assertion> Assertions, double Difficulty, string? Problem)
{
    /// <summary>True when the assertions confirm <see cref="Winner"/>.</summary>
    public bool IsSuccess => Problem is null;
}

/// <summary>
/// RAIRE (Blom, Stuckey &amp; Teague, "RAIRE: Risk-limiting audits for IRV elections", 2019): generates "not eliminated
/// before" (NEB) and "not eliminated next" (NEN) assertions whose truth implies the reported IRV winner, so the outcome
/// can be audited assertion by assertion with SHANGRLA's ALPHA.
/// </summary>
/// <remarks>
/// <para>Every elimination order that ends with a candidate c other than the winner is a leaf of the tree of
/// elimination-order suffixes rooted at [c]. A suffix π (the last |π| candidates standing, π[0] eliminated next) is
/// ruled out by an NEB assertion "a NEB b" when π has a eliminated before b (a outside π and b inside it, or a before b in
/// π), and by an NEN assertion "π[0] beats c when exactly the candidates of π remain" (then π[0] is not eliminated next). An assertion's difficulty is
/// 1/margin (its assorter margin, the vote difference over all ballots): the sample a comparison audit needs grows
/// like it.</para>
/// <para>The search first finds, exactly, the smallest achievable maximum difficulty V (branch and bound: a node's own best
/// assertion is an upper bound for its subtree), then walks the tree again taking at each node its easiest assertion when
/// that is no harder than V, and finally drops assertions the others make redundant (hardest first). Like RAIRE's, the
/// objective is the hardest assertion only: a subtree is split into several easier assertions even when that gains little. The search is
/// exponential in the number of candidates, like RAIRE's; it is meant for contests of up to about ten candidates.</para>
/// <para>Pure and deterministic; thread-safe.</para>
/// </remarks>
public static class Raire
{
    /// <summary>Generates the assertions for an IRV contest from its ballots.</summary>
    /// <param name="contestId">The contest, as the assorters will read it from <see cref="Card"/>s.</param>
    /// <param name="candidates">Every candidate.</param>
    /// <param name="winner">The reported winner.</param>
    /// <param name="ballots">Each ballot's effective preferences, most preferred first (see <see cref="Card.Preferences"/>);
    /// a name that is not a candidate (a write-in) counts for no one, but a candidate after it is not ranked first. Blank
    /// ballots count in the margins' denominator.</param>
    public static RaireResult Generate(string contestId, IReadOnlyList<string> candidates, string winner, IEnumerable<IReadOnlyList<string>> ballots)
    {
        ArgumentNullException.ThrowIfNull(contestId);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(ballots);
        var names = candidates.Distinct(StringComparer.Ordinal).ToArray();
        if (names.Length > 30)
        {
            throw new ArgumentException("RAIRE's search is exponential in the number of candidates; at most 30 are supported", nameof(candidates));
        }

        var w = Array.IndexOf(names, winner);
        if (w < 0)
        {
            throw new ArgumentException($"the winner {winner} is not a candidate", nameof(winner));
        }

        var search = new Search(contestId, names, w, ballots);
        return search.Run();
    }

    /// <summary>Generates the assertions from Canvass ranked CVRs (their effective rankings, <see cref="Card.Preferences"/>).</summary>
    public static RaireResult Generate(string contestId, IReadOnlyList<string> candidates, string winner, IEnumerable<RankedCvr> cvrs)
    {
        ArgumentNullException.ThrowIfNull(cvrs);
        return Generate(contestId, candidates, winner, cvrs.Select(Card.Preferences));
    }

    /// <summary>
    /// True when <paramref name="assertion"/> (an NEB or NEN assertion) contradicts the full elimination order
    /// <paramref name="order"/> (first eliminated first, winner last): the order cannot happen if the assertion is true.
    /// </summary>
    public static bool Contradicts(Assertion assertion, IReadOnlyList<string> order)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        ArgumentNullException.ThrowIfNull(order);
        switch (assertion.Assorter)
        {
            case NebAssorter neb:
                var a = IndexOf(order, neb.Winner);
                var b = IndexOf(order, neb.Loser);
                return a < b;
            case NenAssorter nen:
                for (var i = 0; i < order.Count; i++)
                {
                    var remaining = order.Skip(i).ToHashSet(StringComparer.Ordinal);
                    if (remaining.SetEquals(nen.Remaining))
                    {
                        return order[i] == nen.Winner;
                    }
                }

                return false;
            default:
                throw new ArgumentException("not a RAIRE assertion", nameof(assertion));
        }
    }

    private static int IndexOf(IReadOnlyList<string> order, string candidate)
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (order[i] == candidate)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>One candidate assertion in index form: NEB (Remaining = 0) or NEN over the candidate set <c>Remaining</c>.</summary>
    private readonly record struct Candidate(bool IsNeb, int Winner, int Loser, int Remaining, long Lead)
    {
        public static readonly Candidate None = new(false, -1, -1, 0, 0);

        public bool Exists => Winner >= 0;
    }

    private sealed class Search
    {
        private readonly string _contestId;
        private readonly string[] _names;
        private readonly int _winner;
        private readonly int _k;
        private readonly List<(int[] Prefs, long Count)> _ballots = [];
        private readonly long _total;
        private readonly long[,] _nebLead;
        private readonly Dictionary<int, long[]> _tallies = [];
        private readonly Dictionary<string, Candidate> _best = new(StringComparer.Ordinal);

        public Search(string contestId, string[] names, int winner, IEnumerable<IReadOnlyList<string>> ballots)
        {
            _contestId = contestId;
            _names = names;
            _winner = winner;
            _k = names.Length;
            var index = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
            var groups = new Dictionary<string, (int[] Prefs, long Count)>(StringComparer.Ordinal);
            foreach (var ballot in ballots)
            {
                // A name that is not a candidate stays as −1 so that "ranked first" means first on the card, as the
                // NEB assorter reads it; a candidate's repeat rankings are dropped.
                var prefs = new List<int>();
                foreach (var name in ballot)
                {
                    if (!index.TryGetValue(name, out var c))
                    {
                        prefs.Add(-1);
                    }
                    else if (!prefs.Contains(c))
                    {
                        prefs.Add(c);
                    }
                }

                var key = string.Join(',', prefs);
                groups[key] = groups.TryGetValue(key, out var g) ? (g.Prefs, g.Count + 1) : ([.. prefs], 1);
                _total++;
            }

            foreach (var key in groups.Keys.Order(StringComparer.Ordinal))
            {
                _ballots.Add(groups[key]);
            }

            // a NEB b: ballots with a first, minus ballots that mention b with no a before it.
            _nebLead = new long[_k, _k];
            foreach (var (prefs, count) in _ballots)
            {
                for (var a = 0; a < _k; a++)
                {
                    for (var b = 0; b < _k; b++)
                    {
                        if (a == b)
                        {
                            continue;
                        }

                        var ia = Array.IndexOf(prefs, a);
                        var ib = Array.IndexOf(prefs, b);
                        if (ia == 0)
                        {
                            _nebLead[a, b] += count;
                        }

                        if (ib >= 0 && (ia < 0 || ib < ia))
                        {
                            _nebLead[a, b] -= count;
                        }
                    }
                }
            }
        }

        public RaireResult Run()
        {
            if (_k == 1)
            {
                return new RaireResult(_names[_winner], [], 0, null);
            }

            // The hardest roots first, so that the floor (what V is already known to reach) rises early and prunes more.
            var roots = Enumerable.Range(0, _k).Where(c => c != _winner).OrderByDescending(c => Difficulty(Best([c]))).ThenBy(c => c);
            var v = 0.0;
            foreach (var c in roots)
            {
                v = Math.Max(v, Solve([c], double.PositiveInfinity, v));
            }

            if (double.IsPositiveInfinity(v))
            {
                return new RaireResult(_names[_winner], [], v,
                    "no set of true NEB/NEN assertions rules out every other winner (the count has a tie, or the reported winner did not win)");
            }

            // Each node of the tree that Build closed, by the assertion that closed it.
            var chosen = new List<(Candidate Assertion, List<int> Node)>();
            for (var c = 0; c < _k; c++)
            {
                if (c != _winner)
                {
                    Build([c], v, chosen);
                }
            }

            // Drop an assertion (hardest first) when the others still rule out the subtrees it closed. Subtrees of
            // assertions already dropped stay proved by the assertions their proof used, so only the proofs that used
            // this one are redone.
            var nodes = chosen.GroupBy(p => p.Assertion).ToDictionary(g => g.Key, g => g.Select(p => p.Node).ToList());
            var unique = nodes.Keys.OrderByDescending(Difficulty).ThenBy(Key, StringComparer.Ordinal).ToList();
            var proved = new List<(List<int> Node, HashSet<Candidate> Uses)>();
            foreach (var candidate in unique.ToList())
            {
                var without = unique.Where(u => u != candidate).ToList();
                var recheck = proved.Where(p => p.Uses.Contains(candidate)).Select(p => p.Node).Concat(nodes[candidate]).ToList();
                var proofs = new List<(List<int>, HashSet<Candidate>)>();
                var ok = true;
                foreach (var node in recheck)
                {
                    var uses = new HashSet<Candidate>();
                    if (!RulesOut(without, node, uses))
                    {
                        ok = false;
                        break;
                    }

                    proofs.Add((node, uses));
                }

                if (ok)
                {
                    unique = without;
                    proved.RemoveAll(p => p.Uses.Contains(candidate));
                    proved.AddRange(proofs);
                }
            }

            var assertions = unique.OrderBy(u => u.IsNeb ? 0 : 1).ThenBy(Key, StringComparer.Ordinal).Select(ToAssertion).ToList();
            return new RaireResult(_names[_winner], assertions, unique.Max(Difficulty), null);
        }

        private double Difficulty(Candidate c) => c.Lead > 0 ? (double)_total / c.Lead : double.PositiveInfinity;

        private string Key(Candidate c) =>
            (c.IsNeb ? "NEB " : "NEN ") + _names[c.Winner] + " > " + _names[c.Loser] + " | " +
            string.Join(",", Enumerable.Range(0, _k).Where(i => (c.Remaining & (1 << i)) != 0).Select(i => _names[i]));

        private Assertion ToAssertion(Candidate c)
        {
            Assorter assorter = c.IsNeb
                ? new NebAssorter(_contestId, _names[c.Winner], _names[c.Loser])
                : new NenAssorter(_contestId, _names[c.Winner], _names[c.Loser],
                    [.. Enumerable.Range(0, _k).Where(i => (c.Remaining & (1 << i)) != 0).Select(i => _names[i])]);
            return new Assertion(assorter, (double)c.Lead / _total);
        }

        /// <summary>
        /// The smallest achievable maximum difficulty for ruling out every order with suffix π. A result at or above
        /// <paramref name="cap"/> only means "no better than cap"; one at or below <paramref name="floor"/> only means
        /// "no worse than floor" (the overall maximum is known to reach the floor, so finer detail cannot change it).
        /// </summary>
        private double Solve(List<int> suffix, double cap, double floor)
        {
            var best = Difficulty(Best(suffix));
            if (best <= floor || suffix.Count == _k)
            {
                return best;
            }

            var bound = Math.Min(best, cap);
            var worstChild = 0.0;
            for (var c = 0; c < _k && worstChild < bound; c++)
            {
                if (suffix.Contains(c))
                {
                    continue;
                }

                worstChild = Math.Max(worstChild, Solve([c, .. suffix], bound, Math.Max(floor, worstChild)));
            }

            return Math.Min(best, worstChild);
        }

        private void Build(List<int> suffix, double v, List<(Candidate, List<int>)> chosen)
        {
            var best = Best(suffix);
            if (best.Exists && Difficulty(best) <= v)
            {
                chosen.Add((best, suffix));
                return;
            }

            if (suffix.Count == _k)
            {
                throw new InvalidOperationException("RAIRE's search left an elimination order uncovered: " + string.Join(",", suffix));
            }

            for (var c = 0; c < _k; c++)
            {
                if (!suffix.Contains(c))
                {
                    Build([c, .. suffix], v, chosen);
                }
            }
        }

        /// <summary>Whether the assertions in <paramref name="set"/> rule out every order with suffix π; the ones the
        /// proof used are added to <paramref name="uses"/>.</summary>
        private bool RulesOut(List<Candidate> set, List<int> suffix, HashSet<Candidate> uses)
        {
            foreach (var a in set)
            {
                if (Contradicts(a, suffix))
                {
                    uses.Add(a);
                    return true;
                }
            }

            if (suffix.Count == _k)
            {
                return false;
            }

            // Only assertions that can still contradict a longer suffix matter below this node.
            var live = set.Where(a => CanContradictBelow(a, suffix)).ToList();
            for (var c = 0; c < _k; c++)
            {
                if (!suffix.Contains(c) && !RulesOut(live, [c, .. suffix], uses))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Whether some order extending π (candidates prepended) could still be contradicted by
        /// <paramref name="a"/> when π itself is not: an NEB only while neither of its candidates is placed (once its loser
        /// is in π it would already contradict; once only its winner is, the loser goes earlier), an NEN only over a
        /// strictly larger set that contains π's candidates.</summary>
        private static bool CanContradictBelow(Candidate a, List<int> suffix)
        {
            if (a.IsNeb)
            {
                return !suffix.Contains(a.Winner) && !suffix.Contains(a.Loser);
            }

            foreach (var c in suffix)
            {
                if ((a.Remaining & (1 << c)) == 0)
                {
                    return false;
                }
            }

            return a.Remaining != SetOf(suffix);
        }

        private static int SetOf(List<int> suffix)
        {
            var mask = 0;
            foreach (var c in suffix)
            {
                mask |= 1 << c;
            }

            return mask;
        }

        /// <summary>Whether assertion <paramref name="a"/> contradicts every order with suffix π.</summary>
        private bool Contradicts(Candidate a, List<int> suffix)
        {
            if (a.IsNeb)
            {
                var ib = suffix.IndexOf(a.Loser);
                if (ib < 0)
                {
                    return false;
                }

                var ia = suffix.IndexOf(a.Winner);
                return ia < ib;
            }

            var mask = 0;
            for (var i = suffix.Count - 1; i >= 0; i--)
            {
                mask |= 1 << suffix[i];
                if (mask == a.Remaining)
                {
                    return suffix[i] == a.Winner;
                }
            }

            return false;
        }

        /// <summary>The easiest true assertion that rules out every order with suffix π (None if no true one does).</summary>
        private Candidate Best(List<int> suffix)
        {
            var key = string.Join(',', suffix);

            if (_best.TryGetValue(key, out var cached))
            {
                return cached;
            }

            var best = Candidate.None;
            void Consider(Candidate c)
            {
                if (c.Lead > 0 && (!best.Exists || c.Lead > best.Lead))
                {
                    best = c;
                }
            }

            var inSuffix = new bool[_k];
            foreach (var c in suffix)
            {
                inSuffix[c] = true;
            }

            for (var ib = 0; ib < suffix.Count; ib++)
            {
                var b = suffix[ib];
                for (var a = 0; a < _k; a++)
                {
                    if (a == b)
                    {
                        continue;
                    }

                    var ia = inSuffix[a] ? suffix.IndexOf(a) : -1;
                    if (ia < ib)
                    {
                        Consider(new Candidate(true, a, b, 0, _nebLead[a, b]));
                    }
                }
            }

            var remaining = 0;
            foreach (var c in suffix)
            {
                remaining |= 1 << c;
            }

            if (suffix.Count > 1)
            {
                // π[0] is eliminated next: impossible if it has more votes than some other candidate standing.
                var tally = Tally(remaining);
                var next = suffix[0];
                foreach (var other in suffix.Skip(1))
                {
                    Consider(new Candidate(false, next, other, remaining, tally[next] - tally[other]));
                }
            }

            _best[key] = best;
            return best;
        }

        /// <summary>Votes per candidate when exactly the candidates in <paramref name="remaining"/> are standing.</summary>
        private long[] Tally(int remaining)
        {
            if (_tallies.TryGetValue(remaining, out var cached))
            {
                return cached;
            }

            var tally = new long[_k];
            foreach (var (prefs, count) in _ballots)
            {
                foreach (var c in prefs)
                {
                    if (c >= 0 && (remaining & (1 << c)) != 0)
                    {
                        tally[c] += count;
                        break;
                    }
                }
            }

            _tallies[remaining] = tally;
            return tally;
        }
    }
}
