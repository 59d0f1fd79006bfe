using Canvass.Cli.Common;
using Canvass.Cli.Imports;
using Canvass.Domain.Finality;
using Canvass.Domain.Tabulation;
using Canvass.Storage;
using Canvass.Storage.Finality;

namespace Canvass.Cli.Demo;

/// <summary>Records the 2020 timeline (<see cref="TimelineFacts"/>) into the demo's store, each fact checked as
/// <c>canvass record</c> checks it, and prints the day each policy turned final.</summary>
internal static class TimelineReplay
{
    /// <summary>Records the timeline once (a store that already holds facts is left as it is) and prints the summary,
    /// with commands to try on <paramref name="store"/> (the store as given, named in them as the demo's other suggestions name it).</summary>
    public static async Task RunAsync(Output output, ElectionSession session, ElectionTabulation tabulation, string store, CancellationToken cancellationToken)
    {
        var loaded = (await FinalityReader.LoadAsync(session.Store, cancellationToken)).Value;
        var recorded = loaded.Definition.Contests.Any(c => loaded.FactsOf(c.Id.Value).Count > 0);
        if (!recorded)
        {
            var facts = TimelineFacts.Build(loaded.Definition, tabulation, loaded.Rules);
            var position = await session.Store.GetLogSizeAsync(cancellationToken);
            var accepted = new List<PositionedFact>();
            foreach (var fact in facts)
            {
                var problems = new FinalityEvaluator(loaded.Definition, loaded.Rules, accepted).Check(fact);
                if (!problems.IsEmpty)
                {
                    throw new InvalidOperationException($"The 2020 timeline's {fact.GetType().Name} for {fact.Contest} is refused: {string.Join("; ", problems)}");
                }

                accepted.Add(new PositionedFact(++position, fact));
            }

            await session.Store.AppendAsync(Streams.Election, session.State.Version, [.. facts], cancellationToken: cancellationToken);
            await session.RefreshAsync(cancellationToken);
        }

        var evaluator = (await FinalityReader.LoadAsync(session.Store, cancellationToken)).Value;
        var count = evaluator.Definition.Contests.Sum(c => evaluator.FactsOf(c.Id.Value).Count);
        output.Line($"The 2020 timeline: {count} facts (calls, the Georgia audit, certifications, the Georgia recount, court rulings, the electors' votes, the count){(recorded ? ", recorded before" : "")}.");
        foreach (var contest in new[] { TimelineFacts.National }.Concat(DemoRunner.AllStates.Select(Us2020Election.ContestId)))
        {
            if (!evaluator.Definition.Contests.Any(c => c.Id.Value == contest))
            {
                continue;
            }

            var cells = BuiltInPolicies.Names.Select(p =>
            {
                var first = evaluator.Flips(FinalityPolicy.Parse(p).Value, contest).FirstOrDefault(f => f.Final);
                return $"{p} {(first is null ? "—" : first.At.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))}";
            });
            output.Line($"  {contest,-18} {string.Join(" · ", cells)}");
        }

        output.Line("  (the Kremlin's congratulation came on 15 December 2020, the day after the electors voted: the diplomatic custom is the 'custom' policy)");
        var on = StoreLocation.Argument(store);
        output.Line($"Try: canvass finality --store {on} --contest {TimelineFacts.National} --flips    canvass deadlines --store {on} --contest cc-ga-president");
        output.Line();
    }

}
