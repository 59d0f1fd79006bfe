using System.Collections.Immutable;
using System.Globalization;
using Canvass.Domain.Audits;

namespace Canvass.Audit.Workflow;

/// <summary>The batch-comparison arithmetic the workflow applies per contest, with Arlo's conventions: MACRO sample sizes
/// and risk (<see cref="Macro"/>) and PPEB draws (<see cref="ArloPpeb"/>), over the reported batch tallies the audit
/// recorded from the committed CVRs (<see cref="AuditState.ReportedBatches"/>). A batch's key is Arlo's
/// <c>(jurisdiction, batch name)</c>, rendered as Python renders the tuple.</summary>
public static class BatchAuditMath
{
    /// <summary>The contest as MACRO sees it (no pending ballots).</summary>
    public static BatchComparisonContest ToMacroContest(AuditedContest contest) => new(AuditMath.ToArloContest(contest));

    /// <summary>Every batch of the contest's frame with its reported tally (null: the batch does not contain the contest),
    /// in manifest order, keyed by (jurisdiction, batch).</summary>
    public static List<KeyValuePair<(string Jurisdiction, string Batch), BatchTally?>> Frame(AuditState state, AuditedContest contest)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(contest);
        return [.. state.ReportedBatches.Where(b => b.Contest == contest.Contest).Select(b => KeyValuePair.Create((b.Jurisdiction, b.Batch), Tally(b)))];
    }

    /// <summary>The sample-size options for the contest's next round: MACRO's size and <c>all-ballots</c> (a full hand
    /// tally of the batches not yet drawn), or none when the sample so far already meets the risk limit (or every batch
    /// was audited).</summary>
    public static ImmutableArray<SampleSizeOption> Options(AuditState state, AuditedContest contest, IReadOnlyList<AuditRound> closedRounds)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(contest);
        var (reported, audited, tickets) = Inputs(state, contest, closedRounds);
        long size;
        try
        {
            size = Macro.GetSampleSize(state.Audit!.RiskLimit, ToMacroContest(contest), reported, audited, tickets, []);
        }
        catch (InvalidOperationException)
        {
            return [];
        }

        if (size <= 0)
        {
            return [];
        }

        var all = new SampleSizeOption(FullHandTally.AllBallots, (int)Math.Min(int.MaxValue, FullHandTally.NotYetDrawn(state, contest)),
            "Full hand tally: every batch not yet tallied (Arlo's PPEB rule for a size reaching the batches); the hand count is the result. One targeted contest only.");
        return [new SampleSizeOption("macro", (int)size, "MACRO: batch draws (with replacement, probability proportional to each batch's error bound) to meet the risk limit if the batches' tallies are right."), all];
    }

    /// <summary>Measures the contest over the given rounds with MACRO: the draws, the measured risk, and the votes counted
    /// by hand in the distinct audited batches. Once every batch of the frame has been tallied, the tallies are a full hand
    /// count and the outcome is its conclusion (<see cref="FullHandTally.Outcome"/>), not a risk.</summary>
    public static ContestRoundOutcome Measure(AuditState state, AuditedContest contest, IReadOnlyList<AuditRound> rounds)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(contest);
        var (reported, audited, tickets) = Inputs(state, contest, rounds);
        if (audited.Count == reported.Count && reported.Count > 0)
        {
            // Every batch of the frame was tallied: the hand count is the result (Arlo would call it risk 0 whatever it shows).
            var handVotes = contest.Choices.ToDictionary(c => c.Selection, c => audited.Values.OfType<IReadOnlyDictionary<string, long>>().Sum(v => v.GetValueOrDefault(c.Selection)), StringComparer.Ordinal);
            return FullHandTally.Outcome(contest, handVotes, reported.Count, 0);
        }

        var risk = Macro.ComputeRisk(state.Audit!.RiskLimit, ToMacroContest(contest), reported, audited, tickets, []);
        var votes = contest.Choices.Select(c => new ReportedChoice(c.Selection, audited.Values.OfType<IReadOnlyDictionary<string, long>>().Sum(v => v.GetValueOrDefault(c.Selection))));
        return new ContestRoundOutcome(contest.Contest, contest.Targeted, tickets.Count, risk.PValue.ToString("R", CultureInfo.InvariantCulture), risk.Finished, [.. votes], 0, 0, 0, 0);
    }

    /// <summary>Draws a round's batches for the given sizes from the public seed, each contest continuing its own PPEB
    /// stream past its earlier rounds' draws; the distinct batches in manifest order, each with all its draws.</summary>
    public static ImmutableArray<SampledBatch> Draw(AuditState state, IReadOnlyList<SampleSize> sizes, IReadOnlyList<AuditRound> earlierRounds)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(earlierRounds);
        var audit = state.Audit!;
        var drawn = new Dictionary<(string, string), List<SampleDraw>>();
        foreach (var size in sizes)
        {
            var contest = audit.Contests.First(c => c.Contest == size.Contest);
            var previous = earlierRounds.SelectMany(r => r.Batches)
                .SelectMany(b => b.Draws.Where(d => d.Contest == contest.Contest).Select(_ => (b.Jurisdiction, b.Batch)))
                .ToList();
            var counts = previous.GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
            foreach (var draw in ArloPpeb.DrawSample(state.Seed!, ToMacroContest(contest), size.Size, previous, Frame(state, contest)))
            {
                var generation = counts[draw.Batch] = counts.GetValueOrDefault(draw.Batch) + 1;
                if (!drawn.TryGetValue(draw.Batch, out var list))
                {
                    drawn[draw.Batch] = list = [];
                }

                list.Add(new SampleDraw(contest.Contest, draw.TicketNumber, generation));
            }
        }

        var result = ImmutableArray.CreateBuilder<SampledBatch>();
        foreach (var b in state.ReportedBatches.DistinctBy(b => (b.Jurisdiction, b.Batch)))
        {
            if (drawn.TryGetValue((b.Jurisdiction, b.Batch), out var draws))
            {
                result.Add(new SampledBatch(b.County, b.Jurisdiction, b.Container, b.Tabulator, b.Batch, [.. draws]));
            }
        }

        return result.ToImmutable();
    }

    /// <summary>The batches of the rounds that have no hand tally yet for some audited contest they contain.</summary>
    public static IEnumerable<SampledBatch> Missing(AuditState state, AuditRound round)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(round);
        var audited = state.AuditedBatches;
        return round.Batches.Where(b => ContestsOf(state, b).Any(c => !audited.ContainsKey(new BatchTallyKey(b.County, b.Batch, c))));
    }

    /// <summary>The audited contests a batch contains (whose reported tally for the batch is not empty).</summary>
    public static IEnumerable<string> ContestsOf(AuditState state, SampledBatch batch)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(batch);
        return state.ReportedBatches.Where(r => r.County == batch.County && r.Batch == batch.Batch && !r.Votes.IsEmpty).Select(r => r.Contest);
    }

    private static BatchTally? Tally(ReportedBatchTally b) =>
        b.Votes.IsEmpty ? null : new BatchTally(b.Votes.ToDictionary(v => v.Selection, v => v.Votes, StringComparer.Ordinal), b.Ballots);

    private static (List<KeyValuePair<string, BatchTally?>> Reported, Dictionary<string, IReadOnlyDictionary<string, long>?> Audited, Dictionary<string, string> Tickets) Inputs(
        AuditState state, AuditedContest contest, IReadOnlyList<AuditRound> rounds)
    {
        var frame = Frame(state, contest);
        var reported = frame.Select(f => KeyValuePair.Create(ArloPpeb.RenderKey(f.Key), f.Value)).ToList();
        var inFrame = frame.ToDictionary(f => f.Key, f => f.Value);
        var tallies = rounds.SelectMany(r => r.BatchTallies).GroupBy(t => t.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        var audited = new Dictionary<string, IReadOnlyDictionary<string, long>?>(StringComparer.Ordinal);
        var tickets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var batch in rounds.SelectMany(r => r.Batches))
        {
            var key = (batch.Jurisdiction, batch.Batch);
            if (!inFrame.TryGetValue(key, out var reportedTally))
            {
                continue;
            }

            var rendered = ArloPpeb.RenderKey(key);
            foreach (var draw in batch.Draws.Where(d => !contest.Targeted || d.Contest == contest.Contest))
            {
                tickets.TryAdd(draw.Ticket, rendered);
            }

            if (reportedTally is null)
            {
                audited[rendered] = null;
            }
            else if (tallies.TryGetValue(new BatchTallyKey(batch.County, batch.Batch, contest.Contest), out var t))
            {
                audited[rendered] = t.Votes.ToDictionary(v => v.Selection, v => v.Votes, StringComparer.Ordinal);
            }
        }

        return (reported, audited, tickets);
    }
}
