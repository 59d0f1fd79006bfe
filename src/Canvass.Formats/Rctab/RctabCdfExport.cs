using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Canvass.Domain.Rcv;
using Canvass.Formats.Common;

namespace Canvass.Formats.Rctab;

/// <summary>RCTab's NIST SP 1500-103 CVR export (<c>*_cdf_cvr.json</c>): written by <c>--convert-to-cdf</c> (one
/// "original" snapshot per ballot) or by a tabulation with <c>generateCdfJson</c> (plus one "interpreted" snapshot per
/// round, marking the selections the ballot counts for as allocable, with its fractional shares after STV surplus
/// transfers).</summary>
/// <remarks>Ids follow RCTab: <c>election-001</c>, <c>contest-001</c>, <c>gpu-election</c>, <c>gpu-n</c> for precincts
/// (only with <c>tabulateByPrecinct</c>, numbered in Java HashMap order as RCTab does), <c>c-</c>/<c>cs-</c> plus the
/// sanitised lower-case name for the election's candidates, and <c>cs-</c> plus the sanitised lower-case code as read
/// (an alias or vendor id stays as it is) for the ballots' selections. Keys are sorted as Jackson sorts them. The
/// <c>GeneratedDate</c> is the only field that changes between runs.</remarks>
public static partial class RctabCdfExport
{
    [GeneratedRegex("[^a-zA-Z0-9_\\-.]")]
    private static partial Regex Unsafe();

    /// <summary>RCTab's <c>sanitizeStringForOutput</c>.</summary>
    public static string Sanitize(string s) => Unsafe().Replace(s, "_");

    /// <summary>Writes the export.</summary>
    /// <param name="output">Receives the JSON.</param>
    /// <param name="config">The contest config.</param>
    /// <param name="ballots">The ballots, in read order.</param>
    /// <param name="pass">The tabulated pass, for the per-round snapshots; null for a conversion.</param>
    /// <param name="generated">The <c>GeneratedDate</c>; now when null.</param>
    public static void Write(Stream output, RctabConfig config, IReadOnlyList<RankedCvr> ballots, RcvPass? pass = null, DateTimeOffset? generated = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(ballots);
        var names = RctabCvrCsvExport.DisplayNames(config);
        names.TryAdd(RankedCvr.UndeclaredWriteIn, RankedCvr.UndeclaredWriteIn);
        var byPrecinct = config.OutputSettings.TabulateByPrecinct;
        var gpUnits = byPrecinct ? GpUnitIds(ballots.Select(b => b.Precinct).OfType<string>()) : [];
        var gpuOf = gpUnits.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        using var w = new Utf8JsonWriter(output, JsonFiles.Writer(indented: true));
        w.WriteStartObject();
        w.WriteString("@type", "CVR.CastVoteRecordReport");
        w.WriteStartArray("CVR");
        var rounds = pass?.Rounds.Length ?? 0;
        var allocator = pass is null ? null : new Allocator(config, pass, names);
        foreach (var cvr in ballots)
        {
            var id = Sanitize(cvr.Id);
            w.WriteStartObject();
            w.WriteString("@type", "CVR");
            w.WriteString("BallotPrePrintedId", id);
            if (byPrecinct && cvr.Precinct is { } p && gpuOf.TryGetValue(p, out var gpu))
            {
                w.WriteString("BallotStyleUnitId", gpu);
            }

            w.WriteStartArray("CVRSnapshot");
            WriteSnapshot(w, cvr, id, null, []);
            if (allocator is not null)
            {
                // The ballot's shares: what it left with candidates elected earlier (STV surplus), then its current choice.
                var retained = new List<(string Candidate, decimal Value)>();
                var value = 1m;
                var inactive = false;
                for (var r = 1; r <= rounds; r++)
                {
                    string? current = null;
                    if (!inactive)
                    {
                        var (candidate, exhausted) = allocator.Allocate(cvr, r);
                        inactive = exhausted;
                        current = candidate;
                    }

                    var shares = current is null ? retained : [.. retained, (current, value)];
                    WriteSnapshot(w, cvr, id, r, shares);
                    if (current is not null && allocator.SurplusFraction(current, r) is { } fraction)
                    {
                        var moved = Math.Round(value * fraction, config.Rules.DecimalPlacesForVoteArithmetic, MidpointRounding.ToZero);
                        retained.Add((current, value - moved));
                        value = moved;
                    }
                }
            }

            w.WriteEndArray();
            w.WriteString("CurrentSnapshotId", SnapshotId(id, rounds));
            w.WriteString("ElectionId", "election-001");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteElection(w, config);
        w.WriteString("GeneratedDate", (generated ?? TimeProvider.System.GetLocalNow()).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
        w.WriteStartArray("GpUnit");
        w.WriteStartObject();
        w.WriteString("@id", "gpu-election");
        w.WriteString("@type", "GpUnit");
        w.WriteString("Name", config.OutputSettings.ContestJurisdiction);
        w.WriteString("OtherType", "Election Scope Jurisdiction");
        w.WriteString("Type", "other");
        w.WriteEndObject();
        foreach (var (precinct, gpu) in gpUnits)
        {
            w.WriteStartObject();
            w.WriteString("@id", gpu);
            w.WriteString("@type", "GpUnit");
            w.WriteString("Name", precinct);
            w.WriteString("Type", "precinct");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("ReportGeneratingDeviceIds");
        w.WriteStringValue("rd-001");
        w.WriteEndArray();
        w.WriteStartArray("ReportingDevice");
        w.WriteStartObject();
        w.WriteString("@id", "rd-001");
        w.WriteString("@type", "CVR.ReportingDevice");
        w.WriteString("Application", "RCTab");
        w.WriteString("Manufacturer", "Bright Spots");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("Version", "1.0.0");
        w.WriteEndObject();
    }

    private static string SnapshotId(string id, int round) => round > 0 ? $"ballot-{id}-round-{round.ToString(CultureInfo.InvariantCulture)}" : "ballot-" + id;

    private static string Code(string candidate) => candidate switch
    {
        RankedCvr.Overvote => "overvote",
        _ => candidate,
    };

    private static string SelectionId(string code) => code.StartsWith("cs-", StringComparison.Ordinal) ? code : "cs-" + Sanitize(code).ToLowerInvariant();

    private static void WriteSnapshot(Utf8JsonWriter w, RankedCvr cvr, string id, int? round, List<(string Candidate, decimal Value)> shares)
    {
        w.WriteStartObject();
        w.WriteString("@id", SnapshotId(id, round ?? 0));
        w.WriteString("@type", "CVR.CVRSnapshot");
        w.WriteStartArray("CVRContest");
        w.WriteStartObject();
        w.WriteString("@type", "CVR.CVRContest");
        w.WriteStartArray("CVRContestSelection");
        var selections = cvr.Choices.GroupBy(c => Code(c.Candidate), StringComparer.Ordinal)
            .Select(g => (Code: g.Key, Ranks: g.Select(c => c.Rank).Order().ToList()))
            .OrderBy(s => s.Ranks[0]).ThenBy(s => s.Code, StringComparer.Ordinal);
        foreach (var (code, ranks) in selections)
        {
            var share = shares.FindIndex(x => string.Equals(x.Candidate, code, StringComparison.Ordinal));
            var allocable = round is null ? "unknown" : share >= 0 ? "yes" : "no";
            var votes = share >= 0 ? shares[share].Value : 1m;
            string? fractional = null;
            if (votes != 1m && decimal.Remainder(votes, 1m) is > 0m and var rem)
            {
                fractional = rem.ToString(CultureInfo.InvariantCulture)[1..];
            }

            w.WriteStartObject();
            w.WriteString("@type", "CVR.CVRContestSelection");
            w.WriteString("ContestSelectionId", SelectionId(code));
            w.WriteStartArray("SelectionPosition");
            foreach (var rank in ranks)
            {
                w.WriteStartObject();
                w.WriteString("@type", "CVR.SelectionPosition");
                if (fractional is not null)
                {
                    w.WriteString("FractionalVotes", fractional);
                }

                w.WriteString("HasIndication", "yes");
                w.WriteString("IsAllocable", allocable);
                w.WriteNumber("NumberVotes", (int)decimal.Truncate(votes));
                w.WriteNumber("Rank", rank);
                w.WriteEndObject();
                if (allocable == "yes")
                {
                    allocable = "no";
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("ContestId", "contest-001");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("Type", round is null ? "original" : "interpreted");
        w.WriteEndObject();
    }

    private static void WriteElection(Utf8JsonWriter w, RctabConfig config)
    {
        var candidates = config.Candidates.Select(c => c.Name).ToList();
        if (config.ToContest().UndeclaredWriteIns)
        {
            candidates.Add(RankedCvr.UndeclaredWriteIn);
        }

        if (config.Sources.Any(s => s.OvervoteLabel is not null))
        {
            candidates.Add("overvote");
        }

        candidates.Sort(StringComparer.Ordinal);
        w.WriteStartArray("Election");
        w.WriteStartObject();
        w.WriteString("@id", "election-001");
        w.WriteString("@type", "Election");
        w.WriteStartArray("Candidate");
        foreach (var name in candidates)
        {
            w.WriteStartObject();
            w.WriteString("@id", "c-" + Sanitize(name).ToLowerInvariant());
            w.WriteString("Name", name);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("Contest");
        w.WriteStartObject();
        w.WriteString("@id", "contest-001");
        w.WriteString("@type", "CandidateContest");
        w.WriteStartArray("ContestSelection");
        foreach (var name in candidates)
        {
            var key = Sanitize(name).ToLowerInvariant();
            w.WriteStartObject();
            w.WriteString("@id", "cs-" + key);
            w.WriteString("@type", "ContestSelection");
            w.WriteStartArray("CandidateIds");
            w.WriteStringValue("c-" + key);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("Name", config.OutputSettings.ContestName);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("ElectionScopeId", "gpu-election");
        w.WriteEndObject();
        w.WriteEndArray();
    }

    /// <summary>Precinct to <c>gpu-n</c>, in the iteration order of a Java <c>HashMap</c> filled in first-seen order.</summary>
    internal static List<KeyValuePair<string, string>> GpUnitIds(IEnumerable<string> precincts)
    {
        var seen = new List<string>();
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in precincts)
        {
            if (set.Add(p))
            {
                seen.Add(p);
            }
        }

        var capacity = 16;
        while (seen.Count > capacity * 3 / 4)
        {
            capacity *= 2;
        }

        return [.. seen.Select((p, i) => (p, i)).OrderBy(x => Bucket(x.p, capacity)).ThenBy(x => x.i)
            .Select((x, n) => KeyValuePair.Create(x.p, "gpu-" + (n + 1).ToString(CultureInfo.InvariantCulture)))];
    }

    private static int Bucket(string s, int capacity)
    {
        var h = 0;
        foreach (var c in s)
        {
            h = unchecked((31 * h) + c);
        }

        h ^= (int)((uint)h >> 16);
        return h & (capacity - 1);
    }

    /// <summary>Which candidate a ballot counts for in a round, by RCTab's ballot walk (single vote per ballot). The
    /// result is the display name, which RCTab compares with the selection's code as read: a selection read under an
    /// alias or a vendor id is therefore never marked allocable (RCTab's own quirk, kept).</summary>
    private sealed class Allocator(RctabConfig config, RcvPass pass, Dictionary<string, string> names)
    {
        private readonly Dictionary<string, int> _decidedIn = pass.Rounds
            .SelectMany(r => r.Decisions.Select(d => (d.Candidate, r.Number)))
            .GroupBy(x => x.Candidate, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(x => x.Number), StringComparer.Ordinal);

        private readonly HashSet<string> _excluded = [.. config.Candidates.Where(c => c.Excluded).Select(c => c.Name)];

        private bool Continuing(string code, int round)
        {
            if (code == RankedCvr.Overvote || !names.TryGetValue(code, out var name) || _excluded.Contains(name))
            {
                return false;
            }

            return !_decidedIn.TryGetValue(name, out var at) || at >= round;
        }

        /// <summary>For a candidate elected in this round of an STV count, the share of each of its ballots that moves on
        /// (surplus over votes, cut to the arithmetic's decimal places); null otherwise.</summary>
        public decimal? SurplusFraction(string candidate, int round)
        {
            if (!config.Rules.IsStv || round > pass.Rounds.Length)
            {
                return null;
            }

            var r = pass.Rounds[round - 1];
            if (!r.Decisions.Any(d => d.Elected && string.Equals(d.Candidate, candidate, StringComparison.Ordinal)) || r.VotesOf(candidate) is not { } votes || votes <= 0m)
            {
                return null;
            }

            return Math.Round((votes - r.Threshold) / votes, config.Rules.DecimalPlacesForVoteArithmetic, MidpointRounding.ToZero);
        }

        /// <summary>The code the ballot counts for (null when none) and whether it is now inactive for good.</summary>
        public (string? Candidate, bool Inactive) Allocate(RankedCvr cvr, int round)
        {
            var rules = config.Rules;
            var lastRank = 0;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var group in cvr.Choices.GroupBy(c => c.Rank).OrderBy(g => g.Key))
            {
                if (rules.MaxSkippedRanksAllowed is { } maxSkip && group.Key - lastRank - 1 > maxSkip)
                {
                    return (null, true);
                }

                lastRank = group.Key;
                var codes = group.Select(c => c.Candidate).ToList();
                var overvote = codes.Count > 1 || codes[0] == RankedCvr.Overvote;
                if (overvote)
                {
                    switch (rules.OvervoteRule)
                    {
                        case RcvOvervoteRule.ExhaustImmediately:
                            return (null, true);
                        case RcvOvervoteRule.AlwaysSkipToNextRank:
                            continue;
                        default:
                            var live = codes.Where(c => Continuing(c, round)).ToList();
                            if (live.Count > 1)
                            {
                                return (null, true);
                            }

                            if (live.Count == 1)
                            {
                                return (names.GetValueOrDefault(live[0], live[0]), false);
                            }

                            continue;
                    }
                }

                var code = codes[0];
                var display = names.GetValueOrDefault(code, code);
                if (rules.ExhaustOnDuplicateCandidate && !seen.Add(display))
                {
                    return (null, true);
                }

                seen.Add(display);
                if (Continuing(code, round))
                {
                    return (display, false);
                }
            }

            return (null, true);
        }
    }
}
