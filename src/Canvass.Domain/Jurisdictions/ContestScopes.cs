using System.Collections.Frozen;
using Canvass.Domain.Elections;
using Canvass.Domain.Electoral;

namespace Canvass.Domain.Jurisdictions;

/// <summary>The names a rules file gives <see cref="ContestScope"/>s in a deadline's <c>appliesTo</c>, and the scope of each
/// contest of an election.</summary>
public static class ContestScopes
{
    private static readonly (string Name, ContestScope Scope)[] All =
    [
        ("electoral-college", ContestScope.ElectoralCollege),
        ("candidate", ContestScope.Candidate),
        ("ballot-measure", ContestScope.BallotMeasure),
        ("party", ContestScope.Party),
        ("retention", ContestScope.Retention),
    ];

    private static readonly FrozenDictionary<string, ContestScope> ByName = All.ToFrozenDictionary(n => n.Name, n => n.Scope, StringComparer.Ordinal);

    /// <summary>Every name, in the order the docs list them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(n => n.Name)];

    /// <summary>The scope a name stands for, or null for a name that is none of <see cref="Names"/> (names are
    /// case-sensitive, as every name in a rules file is).</summary>
    public static ContestScope? Parse(string? name) => name is not null && ByName.TryGetValue(name, out var scope) ? scope : null;

    /// <summary>The names of a scope's kinds, in the order of <see cref="Names"/>, joined with "or".</summary>
    public static string NamesOf(ContestScope scope) => string.Join(" or ", All.Where(n => (scope & n.Scope) != ContestScope.None).Select(n => n.Name));

    /// <summary>True when every contest a deadline of scope <paramref name="dependent"/> applies to is one a deadline of
    /// scope <paramref name="anchor"/> applies to (null: every contest), so a date counted from the anchor is known wherever
    /// the dependent applies. An Electoral College contest is a candidate contest.</summary>
    public static bool Covers(ContestScope? anchor, ContestScope? dependent)
    {
        if (anchor is not { } a)
        {
            return true;
        }

        var widened = (a & ContestScope.Candidate) != ContestScope.None ? a | ContestScope.ElectoralCollege : a;
        return dependent is { } d && (d & ~widened) == ContestScope.None;
    }

    /// <summary>The scope of every contest of <paramref name="definition"/>: its kind's, and
    /// <see cref="ContestScope.ElectoralCollege"/> for a national Electoral College contest
    /// (<see cref="ElectoralContests.IsNational"/>) and every candidate contest whose selections name one of its candidates
    /// (the contests that choose its electors, as <see cref="ElectoralContests"/> finds a unit's contest). An election with no
    /// Electoral College contest has no contest of that scope.</summary>
    public static IReadOnlyDictionary<ContestId, ContestScope> Of(ElectionDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var tickets = ElectoralContests.Tickets(definition);
        var scopes = new Dictionary<ContestId, ContestScope>();
        foreach (var c in definition.Contests)
        {
            var kind = c.Kind switch
            {
                ContestKind.Candidate => ContestScope.Candidate,
                ContestKind.BallotMeasure => ContestScope.BallotMeasure,
                ContestKind.Party => ContestScope.Party,
                ContestKind.Retention => ContestScope.Retention,
                _ => ContestScope.None,
            };
            scopes[c.Id] = ElectoralContests.IsNational(c) || ElectoralContests.NamesTickets(c, tickets) ? kind | ContestScope.ElectoralCollege : kind;
        }

        return scopes;
    }
}
