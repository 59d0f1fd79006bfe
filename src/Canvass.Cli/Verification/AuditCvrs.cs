using System.Collections.Immutable;
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
/// them; and the count as <c>canvass audit create</c> saw it (the CVRs committed before the audit was created), from
/// which the audit's reported outcome and a batch-comparison audit's batch tallies are derived again.</summary>
internal sealed class AuditCvrs
{
    private readonly HashSet<string> _ids;
    private readonly HashSet<(string County, string Batch, int Position)> _places;
    private readonly Dictionary<(string County, string Batch), int> _counted = [];
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

    /// <summary>The next records are the given import's.</summary>
    public void BeginImport(CvrsCommitted import) => _beforeCreation = _importsBeforeCreation.Contains(import.ImportId);

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

        if (ballot.BatchId is null || _places.Count == 0)
        {
            return;
        }

        var batch = (ballot.County, ballot.BatchId);
        var position = _counted[batch] = _counted.GetValueOrDefault(batch) + 1;
        if (_places.Contains((ballot.County, ballot.BatchId, position)))
        {
            AtPlaces[(ballot.County, ballot.BatchId, position)] = new CvrPlace(ballot.BallotId, importId, indexInImport);
        }
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
