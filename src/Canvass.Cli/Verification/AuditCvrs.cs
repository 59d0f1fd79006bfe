using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Canvass.Cli.Audit;
using Canvass.Cli.Imports;
using Canvass.Domain.Audits;
using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;
using Canvass.Domain.Events;
using Canvass.Domain.Projections;
using Canvass.Domain.Tabulation;
using Canvass.Storage;

namespace Canvass.Cli.Verification;

/// <summary>What verify collects for the audit check while it reads the committed CVRs once: the marks of every sampled
/// ballot's CVR (by ballot id); the CVR at every sampled manifest place — the position-th CVR of a county with a batch,
/// counting in import order (files in the order they were committed, records in file order), as <c>CvrLookup</c> counts
/// them; the CVRs per import, county and batch, which every manifest of a county with CVRs must list exactly; and the
/// count as <c>canvass audit create</c> saw it (the CVRs committed before the audit was created), from
/// which the audit's reported outcome and a batch-comparison audit's batch tallies are derived again.</summary>
internal sealed class AuditCvrs
{
    private readonly HashSet<string> _ids;
    private readonly HashSet<(string County, string Batch, int Position)> _places;
    private readonly HashSet<(string County, string Batch)> _sampledBatches;
    private readonly bool _countBatches;
    private readonly Dictionary<string, Dictionary<(string County, string? Batch), long>> _batchCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<(string County, string? Batch), long> _earlierImports = [];
    private Dictionary<(string County, string? Batch), long> _current = [];

    // CVRs come batch by batch: a run of ballots of one county and batch is counted here and added to _current when it
    // ends, so that a ballot costs two string comparisons rather than a lookup by (county, batch).
    private string? _runCounty;
    private string? _runBatch;
    private long _runFrom;
    private long _runCount;
    private bool _runSampled;
    private readonly HashSet<string> _importsBeforeCreation = new(StringComparer.Ordinal);
    private readonly int _createdAt;
    private readonly CvrTally? _tallyAtCreation;
    private readonly RankedBallots? _rankedAtCreation;
    private bool _beforeCreation;

    public AuditCvrs(IReadOnlyList<IEvent> events, ElectionIndex index)
    {
        var sampled = events.OfType<AuditSampleDrawn>().SelectMany(d => d.Ballots).ToList();
        _ids = sampled.Select(b => b.BallotId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        _places = sampled.Select(b => (b.County, b.Batch, b.Position)).ToHashSet();
        _sampledBatches = sampled.Select(b => (b.County, b.Batch)).ToHashSet();
        _countBatches = _places.Count > 0 || events.Any(e => e is ManifestCommitted);
        _createdAt = events.Select((e, i) => (e, i)).FirstOrDefault(p => p.e is AuditCreated, (null!, -1)).Item2;
        if (_createdAt < 0)
        {
            return;
        }

        _importsBeforeCreation.UnionWith(events.Take(_createdAt).OfType<CvrsCommitted>().Select(c => c.ImportId));
        if (events.Skip(_createdAt).OfType<CvrsCommitted>().Any())
        {
            // CVRs committed after the audit was created are not in its count: tally those before it on their own.
            _tallyAtCreation = new CvrTally(index);
            _rankedAtCreation = TabulationRunner.RankedBallotsFor(index.Definition);
        }

        if (events[_createdAt] is AuditCreated { AuditType: AuditTypes.BatchComparison } created)
        {
            BatchVotes = new BatchVoteCounter(created.Contests, index);
        }
    }

    /// <summary>The committed CVR marks of every sampled ballot, by ballot id.</summary>
    public Dictionary<string, ImmutableArray<ContestMarks>> Marks { get; } = new(StringComparer.Ordinal);

    /// <summary>The committed CVR at every sampled manifest place that has one.</summary>
    public Dictionary<(string County, string Batch, int Position), CvrPlace> AtPlaces { get; } = [];

    /// <summary>A batch-comparison audit's batch tallies, counted from the CVRs committed before it was created.</summary>
    public BatchVoteCounter? BatchVotes { get; }

    /// <summary>The committed CVRs per import (id), county and batch (null for CVRs that name none), once every import's
    /// records were added; empty when the log has neither a manifest nor a sample.</summary>
    public IReadOnlyDictionary<string, Dictionary<(string County, string? Batch), long>> BatchCounts
    {
        get
        {
            EndRun();
            return _batchCounts;
        }
    }

    /// <summary>The next records are the given import's.</summary>
    public void BeginImport(CvrsCommitted import)
    {
        _beforeCreation = _importsBeforeCreation.Contains(import.ImportId);
        EndRun();
        foreach (var (batch, n) in _current)
        {
            _earlierImports[batch] = _earlierImports.GetValueOrDefault(batch) + n;
        }

        _current = _batchCounts[import.ImportId] = [];
    }

    public void Add(StoredBallot ballot, CastVoteRecord cvr, string importId, long indexInImport)
    {
        if (_ids.Contains(cvr.BallotId))
        {
            Marks.TryAdd(cvr.BallotId, cvr.Contests);
        }

        if (_beforeCreation)
        {
            _tallyAtCreation?.Add(cvr);
            _rankedAtCreation?.Add(cvr);
            BatchVotes?.Add(ballot.County, ballot.BatchId, cvr.Contests);
        }

        if (!_countBatches)
        {
            return;
        }

        if (!string.Equals(ballot.County, _runCounty, StringComparison.Ordinal) || !string.Equals(ballot.BatchId, _runBatch, StringComparison.Ordinal))
        {
            EndRun();
            var batch = (ballot.County, ballot.BatchId);
            (_runCounty, _runBatch, _runCount) = (ballot.County, ballot.BatchId, 0);
            // The ballot's position in its batch counts the CVRs of the batch in earlier imports, then in this one.
            _runFrom = _earlierImports.GetValueOrDefault(batch) + _current.GetValueOrDefault(batch);
            _runSampled = ballot.BatchId is not null && _sampledBatches.Contains((ballot.County, ballot.BatchId));
        }

        var position = _runFrom + ++_runCount;
        if (_runSampled && position <= int.MaxValue && _places.Contains((ballot.County, ballot.BatchId!, (int)position)))
        {
            AtPlaces[(ballot.County, ballot.BatchId!, (int)position)] = new CvrPlace(ballot.BallotId, importId, indexInImport);
        }
    }

    private void EndRun()
    {
        if (_runCounty is not null)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_current, (_runCounty, _runBatch), out _) += _runCount;
        }

        (_runCounty, _runBatch, _runCount) = (null, null, 0);
    }

    /// <summary>The count as <c>canvass audit create</c> tabulated it: the CVRs committed and the results reported
    /// before the audit was created, ranked-choice contests under the rules the log then held. Null without an audit.</summary>
    /// <param name="events">The log's events.</param>
    /// <param name="index">The election.</param>
    /// <param name="tally">Every committed CVR, tallied (the count when all were committed before the audit).</param>
    /// <param name="ranked">Every committed CVR's rankings, likewise.</param>
    public ElectionTabulation? AtCreation(IReadOnlyList<IEvent> events, ElectionIndex index, CvrTally tally, RankedBallots? ranked)
    {
        if (_createdAt < 0)
        {
            return null;
        }

        var before = ElectionState.Replay(events.Take(_createdAt));
        return TabulationRunner.WithRounds(index.Definition, Tabulator.Tabulate(index, _tallyAtCreation ?? tally, before.ResultReports.Select(r => r.Results)),
            _tallyAtCreation is null ? ranked : _rankedAtCreation, before);
    }
}
