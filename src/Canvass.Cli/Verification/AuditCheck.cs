using System.Globalization;
using Canvass.Audit.Workflow;
using Canvass.Cli.Audit;
using Canvass.Cli.Common;
using Canvass.Domain.Events;
using Canvass.Storage;

namespace Canvass.Cli.Verification;

/// <summary>The audit part of <c>canvass verify</c>: every manifest's Merkle root recomputed from the batches it logged,
/// the seed set only after the audit (and so after its inputs) was created, and every round's sample re-derived from
/// the public seed and the committed manifests — the draws the log says were made must be exactly the draws the
/// consistent sampler gives. A full hand tally counted per batch draws nothing: its logged frame must be exactly the
/// committed manifests of its contest's counties. The boards' entries and a full hand tally's conclusion are checked by
/// <see cref="AuditEntryCheck"/>, every round's closing is measured again by <see cref="RoundMeasurementCheck"/>, what
/// the audit was created with is derived again by <see cref="AuditCreationCheck"/>, every manifest is held to the CVRs by
/// <see cref="ManifestCvrCheck"/>, and every drawn ballot's CVR is located again by <see cref="SampledCvrCheck"/>.</summary>
internal static class AuditCheck
{
    /// <summary>Null when everything holds (with a note of what was checked, if there was an audit), or the failure.</summary>
    /// <param name="events">The log's events, in order.</param>
    /// <param name="inputs">What closings are measured again from besides the audit's events; null when the log defines no
    /// election, and then no closing is.</param>
    public static (string? Note, string? Failure) Run(IReadOnlyList<IEvent> events, ClosingInputs? inputs = null)
    {
        var state = AuditState.Empty;
        var manifests = 0;
        var rounds = 0;
        var remeasured = 0;
        var located = 0;
        var creationChecked = false;
        var notMeasured = new List<string>();
        var remeasuredRounds = new HashSet<int>();
        var assertions = new List<RaireAssertionsMeasured>();
        var c = CultureInfo.InvariantCulture;
        foreach (var e in events)
        {
            if (AuditEntryCheck.Check(state, e) is { } wrongEntry)
            {
                return (null, wrongEntry);
            }

            switch (e)
            {
                case ManifestCommitted m:
                    var root = ManifestBatchEncoding.Root(m.Batches);
                    if (!string.Equals(root, m.MerkleRoot, StringComparison.Ordinal) || m.Batches.Sum(b => (long)b.Ballots) != m.BallotCount)
                    {
                        return (null, $"manifest {m.ImportId} ({m.FileName}): its batches give root {root} and {m.Batches.Sum(b => (long)b.Ballots).ToString(c)} ballots, but root {m.MerkleRoot} and {m.BallotCount.ToString(c)} ballots were committed");
                    }

                    if (inputs?.CvrBatchCounts is { } counts && ManifestCvrCheck.Check(state, m, counts) is { } unlike)
                    {
                        return (null, unlike);
                    }

                    manifests++;
                    break;
                case AuditSeedSet when state.Audit is null:
                    return (null, "the audit's seed was set before the audit (and its committed inputs) existed");
                case AuditSampleDrawn d when state.Seed is null || state.Audit is null:
                    return (null, $"round {d.Round.ToString(c)}'s sample was drawn before the seed was set");
                case AuditSampleDrawn d when state.Audit.AuditType == Domain.Audits.AuditTypes.BatchComparison:
                    if (!d.Ballots.IsEmpty)
                    {
                        return (null, $"round {d.Round.ToString(c)} of a batch-comparison audit logs ballots; it draws batches");
                    }

                    break;
                case AuditBatchesDrawn b when state.Audit is null || state.Seed is null || state.Rounds.Length != b.Round || !state.Rounds[^1].Batches.IsEmpty:
                    return (null, $"round {b.Round.ToString(c)}'s batches were logged without the round's sample sizes");
                case AuditBatchesDrawn b:
                    var expectedBatches = BatchAuditMath.Draw(state, state.Rounds[^1].Sample.Sizes, [.. state.Rounds.Take(b.Round - 1)]);
                    if (!expectedBatches.SequenceEqual(b.Batches, SampledBatchComparer.Instance))
                    {
                        return (null, $"round {b.Round.ToString(c)}'s batches are not the ones the seed gives: {expectedBatches.Length.ToString(c)} batches re-derived with PPEB, {b.Batches.Length.ToString(c)} logged");
                    }

                    rounds++;
                    break;
                case AuditSampleDrawn when state.Audit.AuditType == Domain.Audits.AuditTypes.Hybrid:
                    // Re-drawn when the round's per-stratum sizes follow (HybridStrataDrawn).
                    break;
                case HybridStrataDrawn h:
                    if (HybridAudit.Check(state, h) is { } wrongStrata)
                    {
                        return (null, wrongStrata);
                    }

                    rounds++;
                    break;
                case AuditSampleDrawn d when d.Ballots.IsEmpty && d.Sizes.Any(s => s.Option == Domain.Audits.SampleSize.FullHandTally):
                    // A full hand tally counted per batch: checked when its frame follows (HandTallyFrameFixed).
                    break;
                case HandTallyFrameFixed f when state.Audit is null || state.Rounds.Length != f.Round || state.Rounds[^1].HandTallyFrame is not null
                    || !state.Rounds[^1].Sample.Ballots.IsEmpty || !state.Rounds[^1].Sample.Sizes.Any(s => s.Option == Domain.Audits.SampleSize.FullHandTally && s.Contest == f.Contest):
                    return (null, $"round {f.Round.ToString(c)}'s full hand tally frame was logged without the round's full hand tally of {f.Contest}");
                case HandTallyFrameFixed f:
                    var frame = FullHandTally.Frame(state, state.Audit.Contests.First(x => x.Contest == f.Contest), f.Round);
                    var size = state.Rounds[^1].Sample.Sizes.First(s => s.Contest == f.Contest).Size;
                    if (!FullHandTally.SameFrame(frame, f) || size != f.Ballots)
                    {
                        return (null, $"round {f.Round.ToString(c)}'s full hand tally frame is not the contest's committed manifests: {frame.Batches.ToString(c)} batches and {frame.Ballots.ToString(c)} ballots in {frame.Manifests.Length.ToString(c)} manifests re-derived, {f.Batches.ToString(c)} batches and {f.Ballots.ToString(c)} ballots (size {size.ToString(c)}) in {f.Manifests.Length.ToString(c)} logged");
                    }

                    rounds++;
                    break;
                case AuditSampleDrawn d:
                    var expected = SampleDrawer.Draw(state, d.Sizes);
                    var logged = d.Ballots.Select(b => b with { BallotId = null, ImportId = null, IndexInImport = null }).ToList();
                    var first = expected.Zip(logged).FirstOrDefault(p => p.First with { Draws = [] } != p.Second with { Draws = [] } || !p.First.Draws.SequenceEqual(p.Second.Draws));
                    if (expected.Length != logged.Count || first.First is not null)
                    {
                        return (null, $"round {d.Round.ToString(c)}'s sample is not the one the seed gives: {expected.Length.ToString(c)} ballots re-derived, {logged.Count.ToString(c)} logged"
                            + (first.First is null ? "" : $"; first difference at {AuditRound.Key(first.First)}"));
                    }

                    rounds++;
                    break;
                case AuditRoundClosed r:
                    var (wrongMeasurement, why) = RoundMeasurementCheck.Check(state, r, inputs);
                    if (wrongMeasurement is not null)
                    {
                        return (null, wrongMeasurement);
                    }

                    if (why is null)
                    {
                        remeasured++;
                        remeasuredRounds.Add(r.Round);
                        // The per-assertion risks close-round logs after the closing, one event per ranked-choice contest.
                        assertions.AddRange(RankedChoiceAudit.Measured(state, state.OpenRound!, inputs!.CvrMarks, inputs.Index));
                    }
                    else
                    {
                        notMeasured.Add($"round {r.Round.ToString(c)} ({why})");
                    }

                    break;
                case RaireAssertionsMeasured m when remeasuredRounds.Contains(m.Round):
                    var expectedAssertions = assertions.FirstOrDefault(a => a.Round == m.Round && a.Contest == m.Contest);
                    if (RoundMeasurementCheck.CheckAssertions(m, expectedAssertions) is { } wrongAssertions)
                    {
                        return (null, wrongAssertions);
                    }

                    assertions.Remove(expectedAssertions!);
                    break;
            }

            // What the audit was created with must be what the log then gave.
            if (inputs is not null && AuditCreationCheck.Check(state, e, inputs) is { } wrongCreation)
            {
                return (null, wrongCreation);
            }

            creationChecked |= e is AuditCreated && inputs?.AtCreation is not null;

            // Whatever the audit type, each drawn ballot must be compared with the CVR at its manifest place.
            if (e is AuditSampleDrawn drawn && inputs is not null)
            {
                if (SampledCvrCheck.Check(state, drawn, inputs) is { } wrongCvr)
                {
                    return (null, wrongCvr);
                }

                located += drawn.Ballots.Count(b => b.BallotId is not null);
            }

            state = AuditState.Apply(state, e);
        }

        if (HybridAudit.Unchecked(state) is { } notRedrawn)
        {
            return (null, notRedrawn);
        }

        if (state.Audit?.AuditType is not (Domain.Audits.AuditTypes.BatchComparison or Domain.Audits.AuditTypes.Hybrid)
            && state.Rounds.FirstOrDefault(r => r.Sample.Ballots.IsEmpty && r.HandTallyFrame is null && FullHandTally.IsFullHandTally(r)) is { } frameless)
        {
            return (null, $"round {frameless.Number.ToString(c)} is a full hand tally that lists neither its ballots nor its frame");
        }

        if (assertions.FirstOrDefault() is { } unlogged)
        {
            return (null, $"round {unlogged.Round.ToString(c)} was closed without the assertion risks of {unlogged.Contest} that close-round logs");
        }

        var cvrs = located == 0 ? "" : located == 1 ? "; 1 drawn ballot's CVR located again at its manifest place" : $"; {located.ToString(c)} drawn ballots' CVRs located again at their manifest places";
        var closings = remeasured + notMeasured.Count == 0 ? ""
            : $"; {Quantity.Of(remeasured, "closed round")} measured again as close-round measures them and matched"
                + (notMeasured.Count == 0 ? "" : $", {notMeasured.Count.ToString(c)} not measured again: {string.Join("; ", notMeasured)}");
        return state.Audit is null && manifests == 0
            ? (null, null)
            : ($"{Quantity.Of(manifests, "manifest commitment")} re-derived; {Quantity.Of(rounds, "audit round")} re-drawn from the public seed and matched{cvrs}{closings}"
                + (creationChecked ? "; the audit's reported outcome re-derived from the count when it was created" : ""), null);
    }
}

/// <summary>Sampled batches compared by value, draws included.</summary>
internal sealed class SampledBatchComparer : IEqualityComparer<Domain.Audits.SampledBatch>
{
    public static readonly SampledBatchComparer Instance = new();

    public bool Equals(Domain.Audits.SampledBatch? x, Domain.Audits.SampledBatch? y) =>
        x is not null && y is not null && x with { Draws = [] } == y with { Draws = [] } && x.Draws.SequenceEqual(y.Draws);

    public int GetHashCode(Domain.Audits.SampledBatch obj) => StringComparer.Ordinal.GetHashCode(obj.Batch);
}
