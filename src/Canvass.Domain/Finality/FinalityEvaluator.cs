using System.Collections.Immutable;
using System.Globalization;
using Canvass.Domain.Elections;
using Canvass.Domain.Facts;
using Canvass.Domain.Jurisdictions;

namespace Canvass.Domain.Finality;

/// <summary>Answers finality policies for the contests of one election by replaying its recorded facts: at any moment,
/// and as the list of moments the answer flipped.</summary>
/// <remarks>Facts count from the time they happened (<see cref="IContestFact.At"/>), in order of time, then log position.
/// Deadlines (the end of a contest window) are computed from the jurisdiction's rules (<see cref="RulesBook"/>), so an
/// answer can change when a deadline passes without any new fact. Pure: no clock, no I/O.</remarks>
/// <threadsafety>Safe for concurrent reads once constructed.</threadsafety>
public sealed partial class FinalityEvaluator
{
    private const int MaxPolicyDepth = 8;
    private readonly Dictionary<string, List<PositionedFact>> _facts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Contest> _contests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<JurisdictionRules>> _rules = new(StringComparer.Ordinal);

    /// <summary>Builds the evaluator.</summary>
    /// <param name="definition">The election.</param>
    /// <param name="rules">The jurisdictions' rules.</param>
    /// <param name="facts">Every recorded fact with its log position, in any order.</param>
    public FinalityEvaluator(ElectionDefinition definition, RulesBook rules, IEnumerable<PositionedFact> facts)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(facts);
        Definition = definition;
        Rules = rules;
        var scopes = ContestScopes.Of(definition);
        foreach (var c in definition.Contests)
        {
            _contests[c.Id.Value] = c;
            _facts[c.Id.Value] = [];

            // Once per contest: every verdict at every moment of every flip reads them.
            var unit = definition.GpUnits.FirstOrDefault(u => u.Id == c.ElectionDistrictId);
            var ocd = unit?.ExternalIdentifiers.FirstOrDefault(x => string.Equals(x.Type, "ocd-id", StringComparison.OrdinalIgnoreCase))?.Value;
            _rules[c.Id.Value] = rules.Chain(ocd, scopes[c.Id]);
        }

        foreach (var pf in facts)
        {
            if (_facts.TryGetValue(pf.Fact.Contest, out var list))
            {
                list.Add(pf);
            }
        }

        foreach (var list in _facts.Values)
        {
            list.Sort((a, b) => (a.Fact.At, a.Position).CompareTo((b.Fact.At, b.Position)));
        }
    }

    /// <summary>The election.</summary>
    public ElectionDefinition Definition { get; }

    /// <summary>The rules used.</summary>
    public RulesBook Rules { get; }

    /// <summary>The facts recorded for a contest, in order of time, then position.</summary>
    public IReadOnlyList<PositionedFact> FactsOf(string contest) => _facts.TryGetValue(contest, out var l) ? l : [];

    /// <summary>The rules that govern a contest: its district's jurisdiction, then each enclosing one, each with only the
    /// deadlines and contest window that apply to the contest (<see cref="RulesBook.Chain(string?, ContestScope)"/>: the
    /// electors' meeting is not a governor's race's), so that every deadline, anchor and window read from them is the
    /// contest's.</summary>
    public IReadOnlyList<JurisdictionRules> RulesFor(string contest) => _rules.TryGetValue(contest, out var chain) ? chain : [];

    /// <summary>The answer of <paramref name="policy"/> for <paramref name="contest"/> at <paramref name="at"/>.</summary>
    public FinalityAnswer Evaluate(FinalityPolicy policy, string contest, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var verdict = Verdict(policy, contest, at);
        var flips = Flips(policy, contest, at);
        DateTimeOffset? since = flips.Count > 0 ? flips[^1].At : null;
        return new FinalityAnswer(contest, policy.Name, ExpressionFor(policy, contest), at, verdict.Value, since,
            verdict.Reasons, [.. verdict.Positions.Distinct().Order()]);
    }

    /// <summary>Every flip of <paramref name="policy"/> for <paramref name="contest"/>, in time order, up to
    /// <paramref name="until"/> (all of them when null).</summary>
    public IReadOnlyList<FinalityFlip> Flips(FinalityPolicy policy, string contest, DateTimeOffset? until = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var facts = FactsOf(contest);
        var rules = RulesFor(contest);
        var times = new SortedDictionary<DateTimeOffset, long>();
        var running = new FactSnapshot();
        foreach (var pf in facts)
        {
            times[pf.Fact.At] = Math.Max(times.GetValueOrDefault(pf.Fact.At), pf.Position);
            running.Apply(pf);
            if (pf.Fact is ContestCertified c && WindowCloses(rules, c) is { } close && !times.ContainsKey(close))
            {
                times[close] = pf.Position;
            }
        }

        var flips = new List<FinalityFlip>();
        var previous = Verdict(policy, contest, DateTimeOffset.MinValue).Value;
        foreach (var (time, position) in times)
        {
            if (until is { } u && time > u)
            {
                break;
            }

            var v = Verdict(policy, contest, time);
            if (v.Value != previous)
            {
                flips.Add(new FinalityFlip(contest, policy.Name, v.Value, time, position, v.Reasons));
                previous = v.Value;
            }
        }

        return flips;
    }

    /// <summary>The expression a policy stands for in a contest (a jurisdiction may define a built-in differently).</summary>
    public string ExpressionFor(FinalityPolicy policy, string contest)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.IsBuiltIn ? BuiltInExpression(policy.Name, RulesFor(contest)) : policy.Expression;
    }

    private static string BuiltInExpression(string name, IReadOnlyList<JurisdictionRules> rules)
    {
        // Only the contest's own jurisdiction redefines a policy: the nation's presidential legally-final is not a state's.
        return rules.Count > 0 && rules[0].Policies.TryGetValue(name, out var text) ? text : BuiltInPolicies.Expressions[name];
    }

    private Verdict Verdict(FinalityPolicy policy, string contest, DateTimeOffset at)
    {
        var snapshot = FactSnapshot.At(FactsOf(contest), at);
        var context = new EvaluationContext(this, contest, RulesFor(contest), snapshot, at);
        return context.Evaluate(policy.Root, 0);
    }

    /// <summary>When the contest window opened by <paramref name="certification"/> closes, or null when the rules say nothing.</summary>
    internal DateTimeOffset? WindowCloses(IReadOnlyList<JurisdictionRules> rules, ContestCertified certification)
    {
        foreach (var j in rules)
        {
            if (j.ContestWindow is { } w)
            {
                var day = j.DayOf(certification.At);
                return w.Rule.Resolve(Definition.EndDate, name => Anchor(rules, name, day, 0), j.HolidayDates) is { } d ? j.EndOf(d) : null;
            }
        }

        return null;
    }

    /// <summary>The date of a named anchor for a contest: <c>election-day</c>, <c>certification</c> (the day given), or a
    /// deadline of its rules, resolved through other deadlines.</summary>
    internal DateOnly? Anchor(IReadOnlyList<JurisdictionRules> rules, string name, DateOnly? certificationDay, int depth)
    {
        if (string.Equals(name, "election-day", StringComparison.Ordinal))
        {
            return Definition.EndDate;
        }

        if (string.Equals(name, "certification", StringComparison.Ordinal))
        {
            return certificationDay;
        }

        if (depth > MaxPolicyDepth)
        {
            return null;
        }

        foreach (var j in rules)
        {
            var rule = j.Deadlines.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal) && d.AppliesTo(Definition.EndDate));
            if (rule is not null)
            {
                return rule.Rule.Resolve(Definition.EndDate, n => Anchor(rules, n, certificationDay, depth + 1), j.HolidayDates);
            }
        }

        return null;
    }

    internal static string When(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);

    internal readonly record struct EvaluationContext(FinalityEvaluator Owner, string Contest, IReadOnlyList<JurisdictionRules> Rules, FactSnapshot Facts, DateTimeOffset At)
    {
        public Verdict Evaluate(PolicyNode node, int depth)
        {
            switch (node)
            {
                case AndNode a:
                    return Evaluate(a.Left, depth).Join(Evaluate(a.Right, depth), decisive: false);

                case OrNode o:
                    return Evaluate(o.Left, depth).Join(Evaluate(o.Right, depth), decisive: true);

                case NotNode n:
                {
                    var inner = Evaluate(n.Operand, depth);
                    return inner with { Value = !inner.Value };
                }

                case PolicyRefNode p:
                {
                    if (depth >= MaxPolicyDepth)
                    {
                        return new Verdict(false, [$"{p.Name}: the rules define policies that refer to each other in a loop"], []);
                    }

                    var text = BuiltInExpression(p.Name, Rules);
                    var parsed = FinalityPolicy.ParseExpression(text);
                    return parsed.IsSuccess
                        ? Evaluate(parsed.Value, depth + 1)
                        : new Verdict(false, [$"{p.Name}: the rules' expression '{text}' does not parse: {parsed.Problems[0].Message}"], []);
                }

                case FactNode f:
                    return Owner.Fact(this, f.Name, f.Argument);
                default:
                    throw new InvalidOperationException("Unknown policy node " + node.GetType().Name);
            }
        }
    }
}
