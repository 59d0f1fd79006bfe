using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Canvass.Domain.Rcv;

/// <summary>RCTab-conformant ranked-choice tabulation: single-winner IRV, STV (both modes), bottoms-up (both modes) and
/// multi-pass IRV, with every RCTab ballot-interpretation rule, tiebreak and exact truncating decimal arithmetic.</summary>
/// <remarks>Identical rankings are grouped before counting, so a round costs one step per distinct ranking, not per
/// ballot: every ballot in a group follows the same path and keeps the same (fractional) value.</remarks>
public static class RcvTabulator
{
    private const int OvervoteMark = -1;

    /// <summary>Tabulates a contest.</summary>
    /// <param name="contest">The candidates and rules.</param>
    /// <param name="ballots">The ballots, with raw rankings (aliases are resolved here).</param>
    /// <returns>Every pass and round, or the problems that stopped the count.</returns>
    public static RcvResult Tabulate(RcvContest contest, IEnumerable<RankedCvr> ballots)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(ballots);
        var names = contest.Candidates.Select(c => c.Name).ToList();
        var lookup = new RcvCandidateLookup(contest);

        var configured = names.Count;
        var uwi = -1;
        if (contest.UndeclaredWriteIns)
        {
            uwi = names.Count;
            names.Add(RankedCvr.UndeclaredWriteIn);
        }

        var problems = new List<Problem>();
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        var groups = new Dictionary<string, BallotGroup>(StringComparer.Ordinal);
        var key = new StringBuilder();
        var marks = new List<(int Rank, int Candidate)>();
        long total = 0;
        var undervotes = 0;
        var slices = new SliceIndex();
        var maxRank = contest.Rules.MaxRankingsAllowed;
        foreach (var ballot in ballots)
        {
            total++;
            marks.Clear();
            var precinctSlice = contest.TabulateByPrecinct && ballot.Precinct is { } precinct ? slices.Of(RcvSliceKind.Precinct, precinct) : -1;
            var batchSlice = contest.TabulateByBatch && ballot.BatchId is { } batch ? slices.Of(RcvSliceKind.Batch, batch) : -1;
            slices.Ballot(precinctSlice, batchSlice);
            foreach (var choice in ballot.Choices)
            {
                if (choice.Rank < 1 || (maxRank is { } m && choice.Rank > m))
                {
                    continue;
                }

                int candidate;
                if (string.Equals(choice.Candidate, RankedCvr.Overvote, StringComparison.Ordinal))
                {
                    candidate = OvervoteMark;
                }
                else if (lookup.TryGetCandidate(choice.Candidate, out var found))
                {
                    candidate = found;
                }
                else if (string.Equals(choice.Candidate, RankedCvr.UndeclaredWriteIn, StringComparison.Ordinal))
                {
                    if (uwi < 0)
                    {
                        uwi = names.Count;
                        names.Add(RankedCvr.UndeclaredWriteIn);
                    }

                    candidate = uwi;
                }
                else
                {
                    if (unknown.Add(choice.Candidate) && unknown.Count <= 100)
                    {
                        problems.Add(new Problem(ProblemCodes.UnknownReference, RcvCandidateLookup.Unrecognized(ballot.Id, choice.Candidate)));
                    }

                    continue;
                }

                marks.Add((choice.Rank, candidate));
            }

            if (marks.Count == 0)
            {
                undervotes++;
                slices.Undervote(precinctSlice, batchSlice);
                continue;
            }

            marks.Sort();
            key.Clear();
            if (precinctSlice >= 0 || batchSlice >= 0)
            {
                key.Append(precinctSlice.ToString(CultureInfo.InvariantCulture)).Append('/').Append(batchSlice.ToString(CultureInfo.InvariantCulture));
            }

            var lastRank = -1;
            var lastCandidate = int.MinValue;
            foreach (var (rank, candidate) in marks)
            {
                if (rank != lastRank)
                {
                    key.Append(';').Append(rank.ToString(CultureInfo.InvariantCulture)).Append(':');
                    lastRank = rank;
                    lastCandidate = int.MinValue;
                }
                else if (candidate == lastCandidate)
                {
                    continue;
                }

                key.Append(candidate.ToString(CultureInfo.InvariantCulture)).Append(',');
                lastCandidate = candidate;
            }

            var k = key.ToString();
            if (groups.TryGetValue(k, out var group))
            {
                group.Count++;
            }
            else
            {
                var created = BallotGroup.Create(marks);
                created.Slices = precinctSlice >= 0 && batchSlice >= 0 ? [precinctSlice, batchSlice] : precinctSlice >= 0 ? [precinctSlice] : batchSlice >= 0 ? [batchSlice] : [];
                groups.Add(k, created);
            }
        }

        if (problems.Count > 0)
        {
            return new RcvResult([], [.. problems]);
        }

        var groupList = groups.Values.ToArray();
        var passes = ImmutableArray.CreateBuilder<RcvPass>();
        var rules = contest.Rules;
        var excluded = new bool[names.Count];
        for (var i = 0; i < configured; i++)
        {
            excluded[i] = contest.Candidates[i].Excluded;
        }

        var numCandidates = names.Count;
        var continuingCandidates = excluded.Count(e => !e);
        if (rules.WinnerMode == RcvWinnerMode.MultiPassIrv)
        {
            var totalWinners = 0;
            for (var pass = 1; totalWinners < rules.NumberOfWinners; pass++)
            {
                var counter = new PassCounter(contest, names, configured, uwi, (bool[])excluded.Clone(), groupList, 1, slices.Keys.Count);
                var result = counter.Run();
                if (counter.Problem is { } p)
                {
                    return new RcvResult(passes.ToImmutable(), [p]);
                }

                passes.Add(new RcvPass(pass, result, [.. counter.Winners], total, undervotes, numCandidates, excluded.Count(e => !e)) { Slices = slices.Build(counter.SliceRounds) });
                if (counter.Winners.Count == 0)
                {
                    break;
                }

                foreach (var w in counter.WinnerIndexes)
                {
                    excluded[w] = true;
                    totalWinners++;
                }
            }
        }
        else
        {
            var counter = new PassCounter(contest, names, configured, uwi, excluded, groupList, rules.NumberOfWinners, slices.Keys.Count);
            var result = counter.Run();
            if (counter.Problem is { } p)
            {
                return new RcvResult([], [p]);
            }

            passes.Add(new RcvPass(1, result, [.. counter.Winners], total, undervotes, numCandidates, continuingCandidates) { Slices = slices.Build(counter.SliceRounds) });
        }

        return new RcvResult(passes.ToImmutable(), []);
    }

    /// <summary>Truncates toward zero to the places <paramref name="scale"/> (a power of ten) stands for, and keeps
    /// that scale as Java's <c>BigDecimal.setScale(d, DOWN)</c> does (so 3 becomes 3.0000).</summary>
    internal static decimal Truncate(decimal value, decimal scale)
    {
        var places = (byte)(decimal.Truncate(scale).ToString(CultureInfo.InvariantCulture).Length - 1);
        return (decimal.Truncate(value * scale) / scale) + new decimal(0, 0, 0, false, places);
    }

    private sealed class BallotGroup
    {
        public required int[] Ranks { get; init; }

        public required int[][] Candidates { get; init; }

        public long Count { get; set; } = 1;

        public int[] Slices { get; set; } = [];

        public static BallotGroup Create(List<(int Rank, int Candidate)> marks)
        {
            var ranks = new List<int>();
            var sets = new List<int[]>();
            var i = 0;
            while (i < marks.Count)
            {
                var rank = marks[i].Rank;
                var set = new List<int>();
                while (i < marks.Count && marks[i].Rank == rank)
                {
                    if (!set.Contains(marks[i].Candidate))
                    {
                        set.Add(marks[i].Candidate);
                    }

                    i++;
                }

                ranks.Add(rank);
                sets.Add([.. set]);
            }

            return new BallotGroup { Ranks = [.. ranks], Candidates = [.. sets] };
        }
    }

    private sealed class SliceIndex
    {
        private readonly Dictionary<(RcvSliceKind, string), int> _index = [];

        public List<(RcvSliceKind Kind, string Id)> Keys { get; } = [];

        public List<long> Totals { get; } = [];

        public List<int> Undervotes { get; } = [];

        public int Of(RcvSliceKind kind, string id)
        {
            if (!_index.TryGetValue((kind, id), out var i))
            {
                i = Keys.Count;
                _index.Add((kind, id), i);
                Keys.Add((kind, id));
                Totals.Add(0);
                Undervotes.Add(0);
            }

            return i;
        }

        public void Ballot(int a, int b)
        {
            if (a >= 0)
            {
                Totals[a]++;
            }

            if (b >= 0)
            {
                Totals[b]++;
            }
        }

        public void Undervote(int a, int b)
        {
            if (a >= 0)
            {
                Undervotes[a]++;
            }

            if (b >= 0)
            {
                Undervotes[b]++;
            }
        }

        public ImmutableArray<RcvSlice> Build(List<ImmutableArray<RcvRound>> rounds) =>
            [.. Keys.Select((k, i) => new RcvSlice(k.Kind, k.Id, rounds[i], Totals[i], Undervotes[i]))];
    }

    private enum GroupStatus : byte
    {
        Active,
        Inactive,
        FinalRoundSurplus,
    }

    private sealed class RoundData
    {
        public required int Number { get; init; }

        public required ImmutableArray<KeyValuePair<string, decimal>> Tally { get; init; }

        public required decimal[] TallyByIndex { get; init; }

        public required decimal Threshold { get; init; }

        public List<(int Candidate, bool Elected, bool ByTiebreak)> Decisions { get; init; } = [];

        public Dictionary<int, SortedDictionary<string, decimal>> Transfers { get; } = [];

        public required RcvInactiveBallots Inactive { get; init; }

        public required decimal Residual { get; init; }
    }

    private sealed class PassCounter
    {
        private readonly RcvRules _rules;
        private readonly List<string> _names;
        private readonly int _configured;
        private readonly int _uwi;
        private readonly bool[] _excluded;
        private readonly BallotGroup[] _groups;
        private readonly int _seats;
        private readonly decimal _scale;
        private readonly bool[] _eliminated;
        private readonly bool[] _elected;
        private readonly decimal[] _kept;
        private readonly bool[] _shaved;
        private readonly decimal[] _value;
        private readonly int[] _recipient;
        private readonly GroupStatus[] _status;
        private readonly decimal[] _inactive = new decimal[4];
        private readonly JavaRandom? _random;
        private readonly int[]? _permutation;
        private readonly List<RoundData> _rounds = [];
        private readonly List<RoundData>[] _sliceRounds;
        private readonly decimal[][] _sliceInactive;
        private readonly decimal[][] _sliceKept;
        private decimal _residual;

        public PassCounter(RcvContest contest, List<string> names, int configured, int uwi, bool[] excluded, BallotGroup[] groups, int seats, int sliceCount)
        {
            _sliceRounds = [.. Enumerable.Range(0, sliceCount).Select(_ => new List<RoundData>())];
            _sliceInactive = [.. Enumerable.Range(0, sliceCount).Select(_ => new decimal[4])];
            _sliceKept = [.. Enumerable.Range(0, sliceCount).Select(_ => new decimal[names.Count])];
            _rules = contest.Rules;
            _names = names;
            _configured = configured;
            _uwi = uwi;
            _excluded = excluded;
            _groups = groups;
            _seats = seats;
            _scale = Pow10(_rules.DecimalPlacesForVoteArithmetic);
            _eliminated = new bool[names.Count];
            _elected = new bool[names.Count];
            _kept = new decimal[names.Count];
            _shaved = new bool[names.Count];
            _value = new decimal[groups.Length];
            Array.Fill(_value, 1m);
            _recipient = new int[groups.Length];
            Array.Fill(_recipient, -1);
            _status = new GroupStatus[groups.Length];
            var seed = _rules.RandomSeed ?? 0;
            _random = new JavaRandom(seed);
            if (_rules.TiebreakMode == RcvTiebreakMode.GeneratePermutation)
            {
                var order = contest.Candidates.Select(c => c.Name).ToList();
                order.Sort(StringComparer.Ordinal);
                new JavaRandom(seed).Shuffle(order);
                _permutation = new int[names.Count];
                Array.Fill(_permutation, int.MaxValue);
                for (var i = 0; i < order.Count; i++)
                {
                    var index = names.IndexOf(order[i]);
                    if (index >= 0)
                    {
                        _permutation[index] = i;
                    }
                }
            }
        }

        public List<string> Winners { get; } = [];

        public List<int> WinnerIndexes { get; } = [];

        public Problem? Problem { get; private set; }

        public List<ImmutableArray<RcvRound>> SliceRounds => [.. _sliceRounds.Select(Materialize)];

        private bool SingleSeatLike => _rules.WinnerMode is RcvWinnerMode.SingleWinnerMajority or RcvWinnerMode.MultiPassIrv;

        private bool ContinueUntilTwo => _rules.ContinueUntilTwoCandidatesRemain && SingleSeatLike;

        public ImmutableArray<RcvRound> Run()
        {
            decimal threshold = 0;
            var frozen = false;
            for (var round = 1; ; round++)
            {
                var tally = new decimal[_names.Count];
                var transfers = new Dictionary<int, SortedDictionary<string, decimal>>();
                var sliceTally = _sliceRounds.Select(_ => new decimal[_names.Count]).ToArray();
                var sliceTransfers = _sliceRounds.Select(_ => new Dictionary<int, SortedDictionary<string, decimal>>()).ToArray();
                var sliceSurplus = new decimal[_sliceRounds.Length];
                var seatsFilled = _rules.IsStv && WinnerIndexes.Count >= _seats;
                decimal finalSurplus = 0;
                for (var g = 0; g < _groups.Length; g++)
                {
                    if (_status[g] != GroupStatus.Active)
                    {
                        continue;
                    }

                    var group = _groups[g];
                    var from = _recipient[g];
                    if (from >= 0 && IsContinuing(from))
                    {
                        tally[from] += group.Count * _value[g];
                        foreach (var s in group.Slices)
                        {
                            sliceTally[s][from] += group.Count * _value[g];
                        }

                        continue;
                    }

                    var amount = group.Count * _value[g];
                    if (seatsFilled)
                    {
                        _status[g] = GroupStatus.FinalRoundSurplus;
                        finalSurplus += amount;
                        AddTransfer(transfers, from, RcvTransfer.Exhausted, amount);
                        foreach (var s in group.Slices)
                        {
                            sliceSurplus[s] += amount;
                            AddTransfer(sliceTransfers[s], from, RcvTransfer.Exhausted, amount);
                        }

                        continue;
                    }

                    var (target, reason) = Scan(group);
                    if (target >= 0)
                    {
                        _recipient[g] = target;
                        tally[target] += amount;
                        AddTransfer(transfers, from, _names[target], amount);
                        foreach (var s in group.Slices)
                        {
                            sliceTally[s][target] += amount;
                            AddTransfer(sliceTransfers[s], from, _names[target], amount);
                        }
                    }
                    else
                    {
                        _recipient[g] = -1;
                        _status[g] = GroupStatus.Inactive;
                        _inactive[(int)reason] += amount;
                        AddTransfer(transfers, from, RcvTransfer.Exhausted, amount);
                        foreach (var s in group.Slices)
                        {
                            _sliceInactive[s][(int)reason] += amount;
                            AddTransfer(sliceTransfers[s], from, RcvTransfer.Exhausted, amount);
                        }
                    }
                }

                // STV winners: what they kept, shaved to the threshold (the excess is residual surplus).
                foreach (var w in WinnerIndexes)
                {
                    if (!_rules.IsStv)
                    {
                        break;
                    }

                    if (!_shaved[w])
                    {
                        _shaved[w] = true;
                        if (_kept[w] > threshold)
                        {
                            var extra = _kept[w] - threshold;
                            _residual += extra;
                            AddTransfer(transfers, w, RcvTransfer.ResidualSurplus, extra);
                            _kept[w] = threshold;
                        }
                    }

                    tally[w] = _kept[w];
                    for (var s = 0; s < _sliceRounds.Length; s++)
                    {
                        sliceTally[s][w] = _sliceKept[s][w];
                    }
                }

                if (_rounds.Count > 0)
                {
                    foreach (var (from, map) in transfers)
                    {
                        _rounds[^1].Transfers[from] = map;
                    }

                    for (var s = 0; s < _sliceRounds.Length; s++)
                    {
                        foreach (var (from, map) in sliceTransfers[s])
                        {
                            _sliceRounds[s][^1].Transfers[from] = map;
                        }
                    }
                }

                var continuing = new List<int>();
                for (var c = 0; c < _names.Count; c++)
                {
                    if (IsContinuing(c))
                    {
                        continuing.Add(c);
                    }
                }

                decimal active = 0;
                var shown = ImmutableArray.CreateBuilder<KeyValuePair<string, decimal>>();
                for (var c = 0; c < _names.Count; c++)
                {
                    if (IsContinuing(c) || (_rules.IsStv && _elected[c]))
                    {
                        shown.Add(new(_names[c], tally[c]));
                        active += tally[c];
                    }
                }

                var percentage = _rules.WinnerMode == RcvWinnerMode.BottomsUpUsingPercentageThreshold;
                if (round == 1 || (!frozen && !_rules.DoesFirstRoundDetermineThreshold && (SingleSeatLike || percentage)))
                {
                    threshold = Threshold(active);
                }

                var data = new RoundData
                {
                    Number = round,
                    Tally = shown.ToImmutable(),
                    TallyByIndex = tally,
                    Threshold = threshold,
                    Inactive = new RcvInactiveBallots(_inactive[0], _inactive[1], _inactive[2], _inactive[3], finalSurplus),
                    Residual = _residual,
                };
                _rounds.Add(data);
                for (var s = 0; s < _sliceRounds.Length; s++)
                {
                    var st = sliceTally[s];
                    var si = _sliceInactive[s];
                    _sliceRounds[s].Add(new RoundData
                    {
                        Number = round,
                        Tally = [.. data.Tally.Select(kv => new KeyValuePair<string, decimal>(kv.Key, st[_names.IndexOf(kv.Key)]))],
                        TallyByIndex = st,
                        Threshold = threshold,
                        Decisions = data.Decisions,
                        Inactive = new RcvInactiveBallots(si[0], si[1], si[2], si[3], sliceSurplus[s]),
                        Residual = 0,
                    });
                }
                if (finalSurplus > 0 || seatsFilled)
                {
                    break;
                }

                var uwiHasVotes = _uwi >= 0 && IsContinuing(_uwi) && tally[_uwi] > 0;
                var winnerTiebreak = false;
                var winners = uwiHasVotes ? [] : IdentifyWinners(continuing, tally, threshold, round, out winnerTiebreak);
                if (Problem is not null)
                {
                    break;
                }

                winners.Sort((x, y) => string.CompareOrdinal(_names[x], _names[y]));
                foreach (var w in winners)
                {
                    Elect(w, tally[w], threshold);
                    data.Decisions.Add((w, true, winnerTiebreak));
                    if (ContinueUntilTwo)
                    {
                        frozen = true;
                    }
                }

                var eliminatedNow = false;
                var seatsLeft = _seats - WinnerIndexes.Count;
                var done = percentage ? WinnerIndexes.Count > 0 : seatsLeft <= 0;
                if (winners.Count == 0 && continuing.Count > 0 && (!done || (ContinueUntilTwo && continuing.Count > 2)))
                {
                    var losers = Eliminate(continuing, tally, threshold, round, uwiHasVotes, out var loserTiebreak);
                    if (Problem is not null)
                    {
                        break;
                    }

                    foreach (var l in losers)
                    {
                        _eliminated[l] = true;
                        data.Decisions.Add((l, false, loserTiebreak));
                        eliminatedNow = true;
                    }
                }

                if (_rules.StopTabulationEarlyAfterRound is { } stop && round >= stop)
                {
                    break;
                }

                var continuingAfter = continuing.Count(IsContinuing);
                if (continuingAfter == 0 && WinnerIndexes.Count < _seats)
                {
                    break;
                }

                bool keepGoing;
                if (ContinueUntilTwo)
                {
                    keepGoing = !done || continuingAfter > 2 || eliminatedNow;
                }
                else
                {
                    keepGoing = !done || (_rules.IsStv && winners.Count > 0);
                }

                if (!keepGoing || (winners.Count == 0 && !eliminatedNow && !done) || round > 10000)
                {
                    break;
                }
            }

            return Materialize(_rounds);
        }

        private ImmutableArray<RcvRound> Materialize(List<RoundData> rounds)
        {
            return [.. rounds.Select(r => new RcvRound(
                r.Number,
                r.Tally,
                r.Threshold,
                [.. r.Decisions
                    .OrderBy(d => d.Elected ? 0 : 1)
                    .ThenBy(d => _names[d.Candidate], StringComparer.Ordinal)
                    .Select(d => new RcvDecision(
                        _names[d.Candidate],
                        d.Elected,
                        d.ByTiebreak,
                        r.Transfers.TryGetValue(d.Candidate, out var t) ? [.. t.Where(kv => kv.Value != 0).Select(kv => new RcvTransfer(kv.Key, kv.Value))] : []))],
                r.Inactive,
                r.Residual))];
        }

        private static void AddTransfer(Dictionary<int, SortedDictionary<string, decimal>> transfers, int from, string to, decimal amount)
        {
            // RCTab records no transfer of a zero value (ballots a surplus-free winner passes on at 0).
            if (from < 0 || amount == 0)
            {
                return;
            }

            if (!transfers.TryGetValue(from, out var map))
            {
                map = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
                transfers.Add(from, map);
            }

            map[to] = map.TryGetValue(to, out var sum) ? sum + amount : amount;
        }

        private static decimal Pow10(int places)
        {
            var p = 1m;
            for (var i = 0; i < places; i++)
            {
                p *= 10m;
            }

            return p;
        }

        private bool IsContinuing(int c) => !_excluded[c] && !_eliminated[c] && !(_elected[c] && _rules.IsStv);

        private decimal Threshold(decimal active)
        {
            if (_rules.WinnerMode == RcvWinnerMode.BottomsUpUsingPercentageThreshold)
            {
                // BigDecimal keeps the percentage's decimals plus two (15 -> 0.15, 12.5 -> 0.125).
                return active * ((_rules.MultiSeatBottomsUpPercentageThreshold ?? 0m) * 0.01m);
            }

            var seats = Math.Max(_seats, 1);
            if (_rules.IsStv && _rules.HareQuota)
            {
                return decimal.Ceiling(active / seats);
            }

            if (_rules.IsStv && _rules.NonIntegerWinningThreshold)
            {
                return Truncate(active / (seats + 1), _scale) + (1m / _scale);
            }

            return decimal.Floor(active / (seats + 1)) + 1;
        }

        private (int Target, RcvInactiveReason Reason) Scan(BallotGroup group)
        {
            var lastRank = 0;
            var maxSkipped = _rules.MaxSkippedRanksAllowed;
            HashSet<int>? seen = null;
            for (var p = 0; p < group.Ranks.Length; p++)
            {
                var rank = group.Ranks[p];
                if (maxSkipped is { } max && rank - lastRank - 1 > max)
                {
                    return (-1, RcvInactiveReason.SkippedRankings);
                }

                lastRank = rank;
                var set = group.Candidates[p];
                if (_rules.ExhaustOnDuplicateCandidate)
                {
                    seen ??= [];
                    foreach (var c in set)
                    {
                        if (c != OvervoteMark && !seen.Add(c))
                        {
                            return (-1, RcvInactiveReason.RepeatedRankings);
                        }
                    }
                }

                if (set.Length > 1 || set[0] == OvervoteMark)
                {
                    switch (_rules.OvervoteRule)
                    {
                        case RcvOvervoteRule.ExhaustImmediately:
                            return (-1, RcvInactiveReason.Overvotes);
                        case RcvOvervoteRule.AlwaysSkipToNextRank:
                            continue;
                        default:
                            var found = -1;
                            var count = 0;
                            foreach (var c in set)
                            {
                                if (c != OvervoteMark && IsContinuing(c))
                                {
                                    found = c;
                                    count++;
                                }
                            }

                            if (count > 1)
                            {
                                return (-1, RcvInactiveReason.Overvotes);
                            }

                            if (count == 1)
                            {
                                return (found, default);
                            }

                            continue;
                    }
                }

                if (IsContinuing(set[0]))
                {
                    return (set[0], default);
                }
            }

            return (-1, RcvInactiveReason.ExhaustedChoices);
        }

        private List<int> IdentifyWinners(List<int> continuing, decimal[] tally, decimal threshold, int round, out bool byTiebreak)
        {
            byTiebreak = false;
            var eligible = continuing.Where(c => c != _uwi).ToList();
            var seatsLeft = _seats - WinnerIndexes.Count;
            switch (_rules.WinnerMode)
            {
                case RcvWinnerMode.BottomsUp:
                    return seatsLeft > 0 && continuing.Count <= seatsLeft ? eligible : [];
                case RcvWinnerMode.BottomsUpUsingPercentageThreshold:
                    return WinnerIndexes.Count == 0 && eligible.Count > 0 && continuing.All(c => tally[c] > threshold) ? eligible : [];
            }

            if (seatsLeft <= 0)
            {
                return [];
            }

            if (continuing.Count <= seatsLeft)
            {
                return eligible;
            }

            var winners = eligible.Where(c => tally[c] >= threshold).ToList();
            if (winners.Count == 0 && eligible.Count > 0
                && ((_rules.DoesFirstRoundDetermineThreshold && continuing.Count == seatsLeft + 1)
                    || (SingleSeatLike && continuing.Count == 2 && tally[continuing[0]] == tally[continuing[1]])))
            {
                winners = eligible;
                return [PickTop(winners, tally, round, out byTiebreak)];
            }

            if (winners.Count > 1 && (_rules.WinnerMode == RcvWinnerMode.MultiWinnerAllowOnlyOneWinnerPerRound || SingleSeatLike))
            {
                return [PickTop(winners, tally, round, out byTiebreak)];
            }

            return winners;
        }

        private int PickTop(List<int> candidates, decimal[] tally, int round, out bool byTiebreak)
        {
            var max = candidates.Max(c => tally[c]);
            var top = candidates.Where(c => tally[c] == max).ToList();
            byTiebreak = top.Count > 1;
            return top.Count == 1 ? top[0] : BreakTie(top, true, round);
        }

        private void Elect(int w, decimal votes, decimal threshold)
        {
            _elected[w] = true;
            WinnerIndexes.Add(w);
            Winners.Add(_names[w]);
            if (!_rules.IsStv)
            {
                return;
            }

            var surplus = votes - threshold;
            var fraction = surplus > 0 ? Truncate(surplus / votes, _scale) : 0m;
            decimal kept = 0;
            for (var g = 0; g < _groups.Length; g++)
            {
                if (_status[g] == GroupStatus.Active && _recipient[g] == w)
                {
                    var transfer = Truncate(_value[g] * fraction, _scale);
                    kept += _groups[g].Count * (_value[g] - transfer);
                    foreach (var s in _groups[g].Slices)
                    {
                        _sliceKept[s][w] += _groups[g].Count * (_value[g] - transfer);
                    }

                    _value[g] = transfer;
                }
            }

            _kept[w] = kept;
        }

        private List<int> Eliminate(List<int> continuing, decimal[] tally, decimal threshold, int round, bool uwiHasVotes, out bool byTiebreak)
        {
            byTiebreak = false;
            if (uwiHasVotes)
            {
                return [_uwi];
            }

            if (_rules.WinnerMode == RcvWinnerMode.BottomsUpUsingPercentageThreshold && _rules.CutoffElimination)
            {
                var below = continuing.Where(c => tally[c] < threshold).ToList();
                if (below.Count > 0)
                {
                    return below;
                }
            }

            if (_rules.BatchElimination && _rules.WinnerMode != RcvWinnerMode.BottomsUpUsingPercentageThreshold)
            {
                var batch = Batch(continuing, tally);
                if (batch.Count > 1)
                {
                    return batch;
                }
            }

            var candidates = continuing.Where(c => !_elected[c]).ToList();
            if (candidates.Count == 0)
            {
                return [];
            }

            var min = candidates.Min(c => tally[c]);
            var lowest = candidates.Where(c => tally[c] == min).ToList();
            if (lowest.Count == 1)
            {
                return lowest;
            }

            byTiebreak = true;
            return [BreakTie(lowest, false, round)];
        }

        private List<int> Batch(List<int> continuing, decimal[] tally)
        {
            var byTally = continuing.GroupBy(c => tally[c]).OrderBy(g => g.Key).ToList();
            decimal running = 0;
            var seen = new List<int>();
            var eliminated = new List<int>();
            var lastGroupStart = 0;
            foreach (var group in byTally)
            {
                if (running < group.Key && seen.Count > eliminated.Count)
                {
                    lastGroupStart = eliminated.Count;
                    eliminated.AddRange(seen.Skip(eliminated.Count));
                }

                running += group.Key * group.Count();
                seen.AddRange(group);
            }

            if (ContinueUntilTwo && continuing.Count - eliminated.Count < 2)
            {
                eliminated.RemoveRange(lastGroupStart, eliminated.Count - lastGroupStart);
            }

            return eliminated;
        }

        private int BreakTie(List<int> tied, bool selectWinner, int round)
        {
            var sorted = tied.OrderBy(c => _names[c], StringComparer.Ordinal).ToList();
            switch (_rules.TiebreakMode)
            {
                case RcvTiebreakMode.UseCandidateOrder:
                    return selectWinner ? sorted.MinBy(c => c < _configured ? c : int.MaxValue) : sorted.MaxBy(c => c < _configured ? c : int.MaxValue);
                case RcvTiebreakMode.GeneratePermutation:
                    return selectWinner ? sorted.MinBy(c => _permutation![c]) : sorted.MaxBy(c => _permutation![c]);
                case RcvTiebreakMode.Random:
                    return Draw(sorted);
                case RcvTiebreakMode.PreviousRoundCountsThenRandom:
                case RcvTiebreakMode.PreviousRoundCountsThenAsk:
                    for (var r = round - 1; r >= 1 && sorted.Count > 1; r--)
                    {
                        // RCTab iterates a java.util.HashSet of the candidates still in contention, so the
                        // narrowed list (and the random fallback's index) follows Java's hash order.
                        var counts = _rounds[r - 1].TallyByIndex;
                        var pick = selectWinner ? sorted.Max(c => counts[c]) : sorted.Min(c => counts[c]);
                        sorted = [.. JavaHashSetOrder(sorted).Where(c => counts[c] == pick)];
                    }

                    if (sorted.Count == 1)
                    {
                        return sorted[0];
                    }

                    if (_rules.TiebreakMode == RcvTiebreakMode.PreviousRoundCountsThenRandom)
                    {
                        return Draw(sorted);
                    }

                    break;
            }

            Problem = new Problem(ProblemCodes.Unsupported, $"Round {round}: a tie between {string.Join(", ", sorted.Select(c => _names[c]))} needs an operator's decision (tiebreak mode {_rules.TiebreakMode}).");
            return sorted[0];
        }

        /// <summary>The iteration order of <c>new HashSet&lt;&gt;(list)</c> in Java: by bucket of the spread
        /// <c>String.hashCode</c>, then insertion order.</summary>
        private List<int> JavaHashSetOrder(List<int> list)
        {
            var capacity = 1;
            var initial = Math.Max((int)(list.Count / 0.75f) + 1, 16);
            while (capacity < initial)
            {
                capacity <<= 1;
            }

            return [.. list.Select((c, i) => (c, i)).OrderBy(x => Bucket(_names[x.c], capacity)).ThenBy(x => x.i).Select(x => x.c)];
        }

        private static int Bucket(string name, int capacity)
        {
            unchecked
            {
                var h = 0;
                foreach (var ch in name)
                {
                    h = (31 * h) + ch;
                }

                h ^= h >>> 16;
                return h & (capacity - 1);
            }
        }

        private int Draw(List<int> sorted)
        {
            var d = _random!.NextDouble();
            return sorted[(int)Math.Floor(d * sorted.Count)];
        }
    }
}
