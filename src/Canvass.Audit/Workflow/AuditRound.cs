using System.Collections.Immutable;
using Canvass.Domain.Audits;
using Canvass.Domain.Events;

namespace Canvass.Audit.Workflow;

/// <summary>One round of an audit as the log records it.</summary>
/// <param name="Sample">The round's sample.</param>
/// <param name="Interpretations">The latest interpretation of each sampled ballot entered so far.</param>
/// <param name="Closed">The round's closing measurement, once closed.</param>
public sealed record AuditRound(
    AuditSampleDrawn Sample,
    ImmutableDictionary<BallotKey, BallotInterpretation> Interpretations,
    AuditRoundClosed? Closed)
{
    /// <summary>The batches drawn in the round (batch comparison; empty otherwise).</summary>
    public ImmutableArray<SampledBatch> Batches { get; init; } = [];

    /// <summary>The hand tallies entered in this round (batch comparison, or a full hand tally entered per batch), by
    /// county, batch and contest.</summary>
    public ImmutableDictionary<BatchTallyKey, AuditedBatchTally> BatchTallies { get; init; } = ImmutableDictionary<BatchTallyKey, AuditedBatchTally>.Empty;

    /// <summary>The frame of a full hand tally entered per batch on tally sheets (ballot polling or comparison): the boards
    /// tally every batch of it, and the round lists no ballots. Null otherwise, and for a full hand tally logged ballot by
    /// ballot (older logs, or <c>--per-ballot</c>).</summary>
    public HandTallyFrameFixed? HandTallyFrame { get; init; }

    /// <summary>The officials' explanations of the ballot-accounting discrepancies the round logged when it closed, in
    /// order (a full hand tally; empty otherwise).</summary>
    public ImmutableArray<BallotAccountingExplained> Explanations { get; init; } = [];

    /// <summary>The round's new draws per targeted contest and stratum (hybrid; empty otherwise).</summary>
    public ImmutableArray<HybridSampleSize> HybridSizes { get; init; } = [];

    /// <summary>The round number, from 1.</summary>
    public int Number => Sample.Round;

    /// <summary>The round's sampled ballots by key.</summary>
    public ImmutableDictionary<BallotKey, SampledBallot> Ballots { get; } =
        Sample.Ballots.ToImmutableDictionary(b => new BallotKey(b.County, b.Tabulator, b.Batch, b.Position), b => b);

    /// <summary>Sampled ballots with no interpretation yet.</summary>
    public IEnumerable<SampledBallot> Missing => Sample.Ballots.Where(b => !Interpretations.ContainsKey(Key(b)));

    /// <summary>The key of a sampled ballot.</summary>
    public static BallotKey Key(SampledBallot ballot)
    {
        ArgumentNullException.ThrowIfNull(ballot);
        return new BallotKey(ballot.County, ballot.Tabulator, ballot.Batch, ballot.Position);
    }
}
