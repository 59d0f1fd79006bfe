using System.Collections.Immutable;
using Canvass.Domain.Elections;
using Canvass.Domain.Events;

namespace Canvass.Domain.Projections;

/// <summary>What the election's stream says so far: its definition and every import. A pure fold over the events.</summary>
/// <param name="Definition">The election, once defined.</param>
/// <param name="CvrImports">Every committed CVR file, in order.</param>
/// <param name="ResultReports">Every results report, in order; later reports replace earlier ones cell by cell.</param>
/// <param name="Version">The stream version this state reflects.</param>
/// <remarks>Ranked-choice rules are in <see cref="ContestRules"/>: the latest <see cref="ContestRulesSet"/> per contest;
/// jurisdictions' rules put into the log in <see cref="LoggedRules"/>: the latest <see cref="JurisdictionRulesSet"/> per
/// OCD-ID.</remarks>
public sealed record ElectionState(
    ElectionDefinition? Definition,
    ImmutableArray<CvrsCommitted> CvrImports,
    ImmutableArray<ResultsReported> ResultReports,
    long Version)
{
    /// <summary>The state of a stream with no events.</summary>
    public static ElectionState Empty { get; } = new(null, [], [], 0);

    /// <summary>The latest ranked-choice rules set for each contest, by contest id.</summary>
    public ImmutableDictionary<string, ContestRulesSet> ContestRules { get; init; } = ImmutableDictionary.Create<string, ContestRulesSet>(StringComparer.Ordinal);

    /// <summary>The latest jurisdiction rules put into the log for each OCD-ID, by OCD-ID.</summary>
    public ImmutableDictionary<string, JurisdictionRulesSet> LoggedRules { get; init; } = ImmutableDictionary.Create<string, JurisdictionRulesSet>(StringComparer.Ordinal);

    /// <summary>Applies one event.</summary>
    public static ElectionState Apply(ElectionState state, IEvent e) => e switch
    {
        ElectionDefined d => state with { Definition = d.Definition, Version = state.Version + 1 },
        CvrsCommitted c => state with { CvrImports = state.CvrImports.Add(c), Version = state.Version + 1 },
        ResultsReported r => state with { ResultReports = state.ResultReports.Add(r), Version = state.Version + 1 },
        ContestRulesSet s => state with { ContestRules = state.ContestRules.SetItem(s.ContestId, s), Version = state.Version + 1 },
        JurisdictionRulesSet j => state with { LoggedRules = state.LoggedRules.SetItem(j.OcdId, j), Version = state.Version + 1 },
        _ => state with { Version = state.Version + 1 },
    };

    /// <summary>Folds a whole stream.</summary>
    public static ElectionState Replay(IEnumerable<IEvent> events)
    {
        var state = Empty;
        foreach (var e in events)
        {
            state = Apply(state, e);
        }

        return state;
    }

    /// <summary>The (contest, county) pairs that already have CVRs, so a results import for them is refused, and the
    /// reverse.</summary>
    public ImmutableHashSet<(string Contest, string County)> CvrCoverage()
    {
        var set = ImmutableHashSet.CreateBuilder<(string, string)>();
        foreach (var imp in CvrImports)
        {
            foreach (var county in imp.Counties)
            {
                foreach (var contest in imp.Contests)
                {
                    set.Add((contest, county));
                }
            }
        }

        return set.ToImmutable();
    }
}
