using Canvass.Domain;
using Canvass.Domain.Elections;
using Canvass.Domain.Events;
using Canvass.Domain.Facts;
using Canvass.Domain.Finality;
using Canvass.Domain.Jurisdictions;

namespace Canvass.Storage.Finality;

/// <summary>Finality answers straight from a store: replays the election's stream (its definition, every recorded fact
/// with its log position, and the jurisdiction rules put into the log) into a <see cref="FinalityEvaluator"/>.</summary>
/// <remarks>This is the one place the rules in effect are built: the embedded rules overlaid by the latest logged rules
/// per OCD-ID (<see cref="RulesBook.WithLogged"/>), whatever moment is asked about, so that <c>finality</c>,
/// <c>deadlines</c>, <c>record</c>'s checks and the webhook outbox all answer under the same rules.</remarks>
public static class FinalityReader
{
    /// <summary>Every flip, in log order (then time), of <paramref name="policy"/> (a built-in name or an expression) for
    /// <paramref name="contests"/> (null: every contest), replaying the election's events from the store. A policy that
    /// does not parse, an unknown contest or a store without an election is a failure listing every problem.</summary>
    public static async Task<Result<IReadOnlyList<FinalityFlip>>> FlipsAsync(
        ICanvassStore store, string policy, IReadOnlyCollection<string>? contests, CancellationToken cancellationToken)
    {
        var opened = await OpenAsync(store, policy, contests, cancellationToken);
        if (!opened.IsSuccess)
        {
            return Result<IReadOnlyList<FinalityFlip>>.Failure(opened.Problems);
        }

        var (parsed, evaluator, selected) = opened.Value;
        var flips = selected.SelectMany(c => evaluator.Flips(parsed, c))
            .OrderBy(f => f.Position).ThenBy(f => f.At).ThenBy(f => f.Contest, StringComparer.Ordinal)
            .ToList();
        return Result<IReadOnlyList<FinalityFlip>>.Success(flips);
    }

    /// <summary>For each of <paramref name="contests"/> (null: every contest), in definition order: every flip of
    /// <paramref name="policy"/>, its answer at <paramref name="now"/>, and the log position of the contest's latest fact.
    /// Fails as <see cref="FlipsAsync"/> does.</summary>
    public static async Task<Result<IReadOnlyList<ContestHistory>>> HistoriesAsync(
        ICanvassStore store, string policy, IReadOnlyCollection<string>? contests, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var opened = await OpenAsync(store, policy, contests, cancellationToken);
        if (!opened.IsSuccess)
        {
            return Result<IReadOnlyList<ContestHistory>>.Failure(opened.Problems);
        }

        var (parsed, evaluator, selected) = opened.Value;
        return Result<IReadOnlyList<ContestHistory>>.Success([.. selected.Select(c => new ContestHistory(
            c, evaluator.Flips(parsed, c), evaluator.Evaluate(parsed, c, now), evaluator.FactsOf(c).Select(f => f.Position).DefaultIfEmpty(0).Max()))]);
    }

    private static async Task<Result<(FinalityPolicy Policy, FinalityEvaluator Evaluator, IReadOnlyList<string> Contests)>> OpenAsync(
        ICanvassStore store, string policy, IReadOnlyCollection<string>? contests, CancellationToken cancellationToken)
    {
        var parsed = FinalityPolicy.Parse(policy);
        if (!parsed.IsSuccess)
        {
            return Result<(FinalityPolicy, FinalityEvaluator, IReadOnlyList<string>)>.Failure(parsed.Problems);
        }

        var loaded = await LoadAsync(store, cancellationToken);
        if (!loaded.IsSuccess)
        {
            return Result<(FinalityPolicy, FinalityEvaluator, IReadOnlyList<string>)>.Failure(loaded.Problems);
        }

        var selected = Select(loaded.Value.Definition, contests);
        return selected.IsSuccess
            ? Result<(FinalityPolicy, FinalityEvaluator, IReadOnlyList<string>)>.Success((parsed.Value, loaded.Value, selected.Value))
            : Result<(FinalityPolicy, FinalityEvaluator, IReadOnlyList<string>)>.Failure(selected.Problems);
    }

    /// <summary>Replays the election's stream into an evaluator over the rules in effect: the embedded rules
    /// (<see cref="RulesBook.Default"/>) overlaid by the latest rules logged for each OCD-ID. A store without an election,
    /// or logged rules that do not read, is a failure listing every problem.</summary>
    public static async Task<Result<FinalityEvaluator>> LoadAsync(ICanvassStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var events = new List<(long, IEvent)>();
        await foreach (var e in store.ReadStreamAsync(Streams.Election, 1, cancellationToken))
        {
            events.Add((e.Position, e.Event));
        }

        return FromEvents(events);
    }

    /// <summary>The evaluator <see cref="LoadAsync"/> builds, from the election's events with their log positions, in log
    /// order: what a verifier replays from a log it checked entry by entry (events of other kinds are passed over).</summary>
    public static Result<FinalityEvaluator> FromEvents(IEnumerable<(long Position, IEvent Event)> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        ElectionDefinition? definition = null;
        var facts = new List<PositionedFact>();
        var logged = new List<JurisdictionRulesSet>();
        foreach (var (position, e) in events)
        {
            switch (e)
            {
                case ElectionDefined d:
                    definition = d.Definition;
                    break;
                case IContestFact f:
                    facts.Add(new PositionedFact(position, f));
                    break;
                case JurisdictionRulesSet r:
                    logged.Add(r);
                    break;
            }
        }

        if (definition is null)
        {
            return Result<FinalityEvaluator>.Failure(new Problem(ProblemCodes.NoElection, "The store has no election."));
        }

        var rules = RulesBook.Default.WithLogged(logged);
        return rules.IsSuccess
            ? Result<FinalityEvaluator>.Success(new FinalityEvaluator(definition, rules.Value, facts))
            : Result<FinalityEvaluator>.Failure(rules.Problems);
    }

    /// <summary>The contests asked for, in definition order (all when null), or a problem naming each unknown one.</summary>
    public static Result<IReadOnlyList<string>> Select(ElectionDefinition definition, IReadOnlyCollection<string>? contests)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var all = definition.Contests.Select(c => c.Id.Value).ToList();
        if (contests is null || contests.Count == 0)
        {
            return Result<IReadOnlyList<string>>.Success(all);
        }

        var unknown = contests.Where(c => !all.Contains(c, StringComparer.Ordinal)).ToList();
        return unknown.Count > 0
            ? Result<IReadOnlyList<string>>.Failure(unknown.Select(u =>
                new Problem(ProblemCodes.UnknownReference, $"No contest '{u}'. Contests: {string.Join(", ", all)}.", null, null, "contest")))
            : Result<IReadOnlyList<string>>.Success([.. all.Where(contests.Contains)]);
    }
}
