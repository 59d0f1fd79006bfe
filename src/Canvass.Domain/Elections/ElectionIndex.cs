using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Canvass.Domain.Elections;

/// <summary>Fast lookups over a validated <see cref="ElectionDefinition"/>: ids to positions, and which contests a ballot
/// may carry.</summary>
/// <remarks>Tabulation indexes units, contests and selections by their position in the definition, never by string.</remarks>
/// <threadsafety>Safe for concurrent use once constructed.</threadsafety>
public sealed class ElectionIndex
{
    private readonly FrozenDictionary<GpUnitId, int> _units;
    private readonly FrozenDictionary<ContestId, int> _contests;
    private readonly FrozenDictionary<BallotStyleId, int> _styles;
    private readonly FrozenDictionary<SelectionId, int>[] _selections;
    private readonly HashSet<int>[] _contestDistrictMembers;
    private readonly int[] _county;
    private readonly Dictionary<(int Unit, int Style), bool[]> _eligibility = [];
    private readonly Lock _eligibilityLock = new();
    private readonly Dictionary<int, HashSet<int>> _inside = [];
    private readonly Dictionary<(int Contest, int Unit), bool> _sharesDistrict = [];

    /// <summary>Builds the index. The definition must already be validated (unique ids, resolved references).</summary>
    public ElectionIndex(ElectionDefinition definition)
    {
        Definition = definition;
        _units = definition.GpUnits.Select((u, i) => KeyValuePair.Create(u.Id, i)).ToFrozenDictionary();
        _contests = definition.Contests.Select((c, i) => KeyValuePair.Create(c.Id, i)).ToFrozenDictionary();
        _styles = definition.BallotStyles.Select((s, i) => KeyValuePair.Create(s.Id, i)).ToFrozenDictionary();
        _selections = definition.Contests
            .Select(c => c.Selections.Select((s, i) => KeyValuePair.Create(s.Id, i)).ToFrozenDictionary())
            .ToArray();
        _contestDistrictMembers = definition.Contests.Select(c => Descendants(c.ElectionDistrictId)).ToArray();
        _county = ComputeCounties();
    }

    /// <summary>The definition this index was built from.</summary>
    public ElectionDefinition Definition { get; }

    /// <summary>The position of a unit in <see cref="ElectionDefinition.GpUnits"/>.</summary>
    public bool TryGetUnit(GpUnitId id, out int index) => _units.TryGetValue(id, out index);

    /// <summary>The position of a contest in <see cref="ElectionDefinition.Contests"/>.</summary>
    public bool TryGetContest(ContestId id, out int index) => _contests.TryGetValue(id, out index);

    /// <summary>The position of a ballot style in <see cref="ElectionDefinition.BallotStyles"/>.</summary>
    public bool TryGetBallotStyle(BallotStyleId id, out int index) => _styles.TryGetValue(id, out index);

    /// <summary>The position of a selection within its contest's <see cref="Contest.Selections"/>.</summary>
    public bool TryGetSelection(int contest, SelectionId id, out int index) => _selections[contest].TryGetValue(id, out index);

    /// <summary>The unit with the given id.</summary>
    public bool TryGetUnit(GpUnitId id, [NotNullWhen(true)] out GpUnit? unit)
    {
        unit = _units.TryGetValue(id, out var i) ? Definition.GpUnits[i] : null;
        return unit is not null;
    }

    /// <summary>The counting jurisdiction of a unit: the unit itself when it is a county (<see cref="IsCounty"/>), else
    /// its nearest county ancestor (through <see cref="GpUnit.ComposingUnits"/>; fewest steps, ties to the first in
    /// definition order), else the unit itself or its nearest ancestor when that is a state (type <c>state</c>) other
    /// than the election scope, else the election scope when it is a unit of the definition, else the unit itself.</summary>
    /// <remarks>Counties certify; a precinct's ballots and totals are attributed to its county, and a unit under no county
    /// (a district drawn across no county, the state itself) to the state: the election scope, or in a national election
    /// the state it lies in (a state reporting statewide totals is its own counting jurisdiction, not the nation). Ballots and reported totals use this one rule,
    /// so the double-count checks and tabulation agree. A definition read by <c>canvass init</c> has no unit in two
    /// counties; in one built otherwise, the county found first wins.</remarks>
    public int CountyOf(int unit) => _county[unit];

    /// <summary>The counting jurisdiction of a unit, by id; the id itself when it is not in the election.</summary>
    public GpUnitId CountyOf(GpUnitId unit) =>
        _units.TryGetValue(unit, out var i) ? Definition.GpUnits[_county[i]].Id : unit;

    /// <summary>True when the unit at <paramref name="unit"/> lies inside (or is) the district of contest <paramref name="contest"/>.</summary>
    public bool IsInDistrict(int contest, int unit) => _contestDistrictMembers[contest].Contains(unit);

    /// <summary>True when the unit at <paramref name="unit"/> shares ground with the district of contest
    /// <paramref name="contest"/>: it lies inside the district, or contains part of it (a county's totals for a district
    /// that crosses the county). False for a unit where the contest is not on any ballot.</summary>
    public bool SharesDistrict(int contest, int unit)
    {
        if (_contestDistrictMembers[contest].Contains(unit))
        {
            return true;
        }

        // A results file asks once a row; a county's descendants are all its precincts, so the answer is kept.
        lock (_eligibilityLock)
        {
            if (!_sharesDistrict.TryGetValue((contest, unit), out var shares))
            {
                shares = Descendants(Definition.GpUnits[unit].Id).Overlaps(_contestDistrictMembers[contest]);
                _sharesDistrict[(contest, unit)] = shares;
            }

            return shares;
        }
    }

    /// <summary>Which contests a ballot cast in <paramref name="unit"/> with ballot style <paramref name="style"/> (-1 for
    /// none given) may carry, indexed by contest position.</summary>
    /// <remarks>
    /// With a style: the style's contests. Without one: the contests of every style that lists the unit, or, when no
    /// style lists it, every contest whose district contains the unit.
    /// </remarks>
    public IReadOnlyList<bool> ContestsOnBallot(int unit, int style)
    {
        lock (_eligibilityLock)
        {
            if (!_eligibility.TryGetValue((unit, style), out var mask))
            {
                mask = ComputeEligibility(unit, style);
                _eligibility[(unit, style)] = mask;
            }

            return mask;
        }
    }

    /// <summary>Why contest <paramref name="contest"/> is not among <see cref="ContestsOnBallot"/> for a ballot cast in
    /// <paramref name="unit"/> with ballot style <paramref name="style"/> (-1 for none given), by the same rule, as a
    /// sentence for a problem: the style given does not list it, the styles listing the unit do not, or (no style listing
    /// the unit) the unit lies outside the contest's district. Only for a problem: it is not fast.</summary>
    public string WhyNotOnBallot(int contest, int unit, int style)
    {
        var contestId = Definition.Contests[contest].Id;
        var unitId = Definition.GpUnits[unit].Id;
        if (style >= 0)
        {
            return $"Contest '{contestId}' is not on ballot style '{Definition.BallotStyles[style].Id}'.";
        }

        var styles = StylesListing(unitId).Select(s => $"'{s.Id}'").ToList();
        return styles.Count > 0
            ? $"Contest '{contestId}' is not on the ballot styles of '{unitId}' ({string.Join(", ", styles)})."
            : $"Contest '{contestId}' is not on the ballots of '{unitId}', which lies outside its district '{Definition.Contests[contest].ElectionDistrictId}'.";
    }

    /// <summary>The ballot styles that list <paramref name="unit"/>: a ballot cast there without a style may carry their
    /// contests.</summary>
    private List<BallotStyle> StylesListing(GpUnitId unit) => [.. Definition.BallotStyles.Where(s => s.GpUnitIds.Contains(unit))];

    private bool[] ComputeEligibility(int unit, int style)
    {
        var mask = new bool[Definition.Contests.Length];
        var unitId = Definition.GpUnits[unit].Id;
        var styles = style >= 0
            ? [Definition.BallotStyles[style]]
            : StylesListing(unitId);
        if (styles.Count > 0)
        {
            foreach (var s in styles)
            {
                foreach (var c in s.ContestIds)
                {
                    mask[_contests[c]] = true;
                }
            }

            return mask;
        }

        for (var c = 0; c < mask.Length; c++)
        {
            mask[c] = _contestDistrictMembers[c].Contains(unit);
        }

        return mask;
    }

    private int[] ComputeCounties()
    {
        var units = Definition.GpUnits;
        var parents = new List<int>[units.Length];
        for (var i = 0; i < units.Length; i++)
        {
            parents[i] = [];
        }

        for (var p = 0; p < units.Length; p++)
        {
            foreach (var child in units[p].ComposingUnits)
            {
                if (_units.TryGetValue(child, out var c))
                {
                    parents[c].Add(p);
                }
            }
        }

        var scope = _units.TryGetValue(Definition.ElectionScopeId, out var s) ? s : -1;
        var county = new int[units.Length];
        for (var u = 0; u < units.Length; u++)
        {
            county[u] = scope >= 0 ? scope : u;
            if (IsCounty(units[u]))
            {
                county[u] = u;
                continue;
            }

            if (u == scope)
            {
                continue;
            }

            // The nearest county ancestor; under none, in an election over several states, the state the unit is or lies in.
            var found = Nearest(u, parents, a => IsCounty(units[a]), -1);
            if (found < 0 && scope >= 0)
            {
                found = Nearest(u, parents, a => string.Equals(units[a].Type, "state", StringComparison.OrdinalIgnoreCase), scope);
            }

            if (found >= 0)
            {
                county[u] = found;
            }
        }

        return county;
    }

    /// <summary>Breadth-first upwards from <paramref name="unit"/> (itself first, then its ancestors through
    /// <see cref="GpUnit.ComposingUnits"/>, fewest steps first): the first unit <paramref name="match"/> accepts, never
    /// <paramref name="skip"/> (whose ancestors are not searched either); -1 when there is none. A state other than the
    /// election scope lies below it only in an election over several states (a national one).</summary>
    private static int Nearest(int unit, List<int>[] parents, Func<int, bool> match, int skip)
    {
        var seen = new HashSet<int>();
        var queue = new Queue<int>([unit]);
        while (queue.Count > 0)
        {
            var a = queue.Dequeue();
            if (a == skip || !seen.Add(a))
            {
                continue;
            }

            if (match(a))
            {
                return a;
            }

            foreach (var pa in parents[a])
            {
                queue.Enqueue(pa);
            }
        }

        return -1;
    }

    /// <summary>True when the unit is a county (its type is <c>county</c>, or <c>other</c> with <c>OtherType</c>
    /// <c>county</c>; either in any case): the kind of unit <see cref="CountyOf(int)"/> looks for.</summary>
    public static bool IsCounty(GpUnit unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return string.Equals(unit.Type, "county", StringComparison.OrdinalIgnoreCase)
            || (string.Equals(unit.Type, "other", StringComparison.OrdinalIgnoreCase)
                && string.Equals(unit.OtherType, "county", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>True when the unit at <paramref name="inner"/> is the unit at <paramref name="outer"/> or lies inside it
    /// (through <see cref="GpUnit.ComposingUnits"/>, transitively; the election scope holds every unit).</summary>
    public bool Contains(int outer, int inner) => Inside(outer).Contains(inner);

    /// <summary>The units inside the unit at <paramref name="unit"/>, itself included (through
    /// <see cref="GpUnit.ComposingUnits"/>, transitively; the election scope holds every unit).</summary>
    public IReadOnlySet<int> Inside(int unit)
    {
        lock (_eligibilityLock)
        {
            if (!_inside.TryGetValue(unit, out var inside))
            {
                inside = _units.TryGetValue(Definition.ElectionScopeId, out var scope) && unit == scope
                    ? [.. Enumerable.Range(0, Definition.GpUnits.Length)]
                    : Descendants(Definition.GpUnits[unit].Id);
                _inside[unit] = inside;
            }

            return inside;
        }
    }

    private HashSet<int> Descendants(GpUnitId root)
    {
        var seen = new HashSet<int>();
        if (!_units.TryGetValue(root, out var start))
        {
            return seen;
        }

        var stack = new Stack<int>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            var u = stack.Pop();
            if (!seen.Add(u))
            {
                continue;
            }

            foreach (var child in Definition.GpUnits[u].ComposingUnits)
            {
                if (_units.TryGetValue(child, out var ci))
                {
                    stack.Push(ci);
                }
            }
        }

        return seen;
    }
}
