using System.Collections.Immutable;
using Canvass.Domain.Audits;
using Canvass.Domain.Events;

namespace Canvass.Audit.Workflow;

/// <summary>The audit as the election's stream records it: committed CVRs and manifests, the audit, its seed and its
/// rounds. A pure fold over the stream's events (events of other kinds only advance <see cref="Version"/>).</summary>
/// <param name="CvrImports">Every committed CVR import, in order.</param>
/// <param name="Manifests">The current manifest of each county (a later manifest of a county replaces the earlier).</param>
/// <param name="Audit">The audit, once created.</param>
/// <param name="Seed">The public seed, once set.</param>
/// <param name="Rounds">The rounds drawn so far, in order.</param>
/// <param name="Version">The stream version this state reflects.</param>
/// <threadsafety>Immutable.</threadsafety>
public sealed record AuditState(
    ImmutableArray<CvrsCommitted> CvrImports,
    ImmutableDictionary<string, ManifestCommitted> Manifests,
    AuditCreated? Audit,
    string? Seed,
    ImmutableArray<AuditRound> Rounds,
    long Version)
{
    /// <summary>The state of a stream with no events.</summary>
    public static AuditState Empty { get; } = new([], ImmutableDictionary.Create<string, ManifestCommitted>(StringComparer.Ordinal), null, null, [], 0);

    /// <summary>The RAIRE assertions of each ranked-choice contest under audit, by contest id (ballot comparison).</summary>
    public ImmutableDictionary<string, RaireAssertionsGenerated> RaireAssertions { get; init; } = ImmutableDictionary.Create<string, RaireAssertionsGenerated>(StringComparer.Ordinal);

    /// <summary>Every round's per-assertion measurement of the ranked-choice contests, in order.</summary>
    public ImmutableArray<RaireAssertionsMeasured> RaireMeasurements { get; init; } = [];

    /// <summary>Applies one event.</summary>
    public static AuditState Apply(AuditState state, IEvent e)
    {
        ArgumentNullException.ThrowIfNull(state);
        var next = state with { Version = state.Version + 1 };
        return e switch
        {
            CvrsCommitted c => next with { CvrImports = state.CvrImports.Add(c) },
            ManifestCommitted m => next with { Manifests = state.Manifests.SetItems(m.Counties.Select(c => KeyValuePair.Create(c, m))) },
            AuditCreated a => next with { Audit = a },
            AuditSeedSet s => next with { Seed = s.Seed },
            AuditSampleDrawn d => next with { Rounds = state.Rounds.Add(new AuditRound(d, AlreadyAudited(state, d), null)) },
            BallotsInterpreted i when state.Rounds.Length >= i.Round => next with
            {
                Rounds = state.Rounds.SetItem(i.Round - 1, state.Rounds[i.Round - 1] with
                {
                    Interpretations = state.Rounds[i.Round - 1].Interpretations.SetItems(
                        i.Ballots.Select(b => KeyValuePair.Create(new BallotKey(b.County, b.Tabulator, b.Batch, b.Position), b))),
                }),
            },
            AuditBatchTalliesReported t => next with { ReportedBatches = t.Batches },
            RaireAssertionsGenerated g => next with { RaireAssertions = state.RaireAssertions.SetItem(g.Contest, g) },
            RaireAssertionsMeasured m => next with { RaireMeasurements = state.RaireMeasurements.Add(m) },
            AuditBatchesDrawn b when state.Rounds.Length >= b.Round => next with
            {
                Rounds = state.Rounds.SetItem(b.Round - 1, state.Rounds[b.Round - 1] with { Batches = b.Batches }),
            },
            BatchTalliesRecorded t when state.Rounds.Length >= t.Round => next with
            {
                Rounds = state.Rounds.SetItem(t.Round - 1, state.Rounds[t.Round - 1] with
                {
                    BatchTallies = state.Rounds[t.Round - 1].BatchTallies.SetItems(
                        t.Tallies.Select(b => KeyValuePair.Create(new BatchTallyKey(b.County, b.Batch, b.Contest, b.Tabulator), b))),
                }),
            },
            HandTallyFrameFixed f when state.Rounds.Length >= f.Round => next with
            {
                Rounds = state.Rounds.SetItem(f.Round - 1, state.Rounds[f.Round - 1] with { HandTallyFrame = f }),
            },
            AuditRoundClosed r when state.Rounds.Length >= r.Round => next with
            {
                Rounds = state.Rounds.SetItem(r.Round - 1, state.Rounds[r.Round - 1] with { Closed = r }),
            },
            BallotAccountingExplained x when state.Rounds.Length >= x.Round => next with
            {
                Rounds = state.Rounds.SetItem(x.Round - 1, state.Rounds[x.Round - 1] with { Explanations = state.Rounds[x.Round - 1].Explanations.Add(x) }),
            },
            HybridStrataReported h => next with { HybridStrata = h.Strata },
            HybridStrataDrawn h when state.Rounds.Length >= h.Round => next with
            {
                Rounds = state.Rounds.SetItem(h.Round - 1, state.Rounds[h.Round - 1] with { HybridSizes = h.Sizes }),
            },
            _ => next,
        };
    }

    /// <summary>A ballot drawn again in a later round keeps what its board recorded earlier (Arlo's "already audited"):
    /// the paper does not change, so it is not retrieved again.</summary>
    private static ImmutableDictionary<BallotKey, BallotInterpretation> AlreadyAudited(AuditState state, AuditSampleDrawn drawn)
    {
        var result = ImmutableDictionary.CreateBuilder<BallotKey, BallotInterpretation>();
        foreach (var ballot in drawn.Ballots)
        {
            var key = AuditRound.Key(ballot);
            for (var r = state.Rounds.Length - 1; r >= 0; r--)
            {
                if (state.Rounds[r].Interpretations.TryGetValue(key, out var earlier))
                {
                    result[key] = earlier;
                    break;
                }
            }
        }

        return result.ToImmutable();
    }

    /// <summary>Folds a whole stream.</summary>
    public static AuditState Replay(IEnumerable<IEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var state = Empty;
        foreach (var e in events)
        {
            state = Apply(state, e);
        }

        return state;
    }

    /// <summary>The round being drawn or entered, if any: the last round while it is open.</summary>
    public AuditRound? OpenRound => Rounds.Length > 0 && Rounds[^1].Closed is null ? Rounds[^1] : null;

    /// <summary>The decision of the last closed round, if any.</summary>
    public string? LastDecision => Rounds.Length > 0 ? Rounds[^1].Closed?.Decision : null;

    /// <summary>True once a round closed with <see cref="RoundDecisions.Complete"/>, <see cref="RoundDecisions.FullHandCount"/>
    /// or <see cref="RoundDecisions.FullHandCountComplete"/>.</summary>
    public bool IsFinished => LastDecision is RoundDecisions.Complete or RoundDecisions.FullHandCount or RoundDecisions.FullHandCountComplete;

    /// <summary>Where the audit is, in a word: <c>not-created</c>, <c>created</c>, <c>seeded</c>, <c>round-N</c> (open),
    /// <c>complete</c>, <c>full-hand-count</c>, <c>full-hand-count-complete</c>, or <c>next-round</c> (a round closed and
    /// another is needed).</summary>
    public string Status =>
        Audit is null ? "not-created"
        : Seed is null ? "created"
        : Rounds.IsEmpty ? "seeded"
        : OpenRound is { } open ? "round-" + open.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : LastDecision!;

    /// <summary>Every manifest batch of the given counties, county by county in the given order, each in file order.</summary>
    public IEnumerable<ManifestBatchEntry> BatchesOf(IEnumerable<string> counties)
    {
        ArgumentNullException.ThrowIfNull(counties);
        foreach (var county in counties)
        {
            if (Manifests.TryGetValue(county, out var m))
            {
                foreach (var b in m.Batches)
                {
                    if (string.Equals(b.County, county, StringComparison.Ordinal))
                    {
                        yield return b;
                    }
                }
            }
        }
    }

    /// <summary>A batch-comparison audit's reported batch tallies (empty for the other audit types).</summary>
    public ImmutableArray<ReportedBatchTally> ReportedBatches { get; init; } = [];

    /// <summary>The latest hand tally of each batch and contest entered in any round so far (batch comparison): a batch
    /// drawn again keeps what its board counted earlier.</summary>
    public ImmutableDictionary<BatchTallyKey, AuditedBatchTally> AuditedBatches =>
        Rounds.SelectMany(r => r.BatchTallies).GroupBy(t => t.Key).ToImmutableDictionary(g => g.Key, g => g.Last().Value);

    /// <summary>A hybrid audit's strata, two per audited contest (empty for the other audit types).</summary>
    public ImmutableArray<ReportedStratum> HybridStrata { get; init; } = [];

    /// <summary>The counties with committed CVRs.</summary>
    public ImmutableHashSet<string> CvrCounties => [.. CvrImports.SelectMany(c => c.Counties)];
}
