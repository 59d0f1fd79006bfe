using System.Globalization;
using Canvass.Domain.Facts;

namespace Canvass.Domain.Jurisdictions;

/// <summary>What a recount rule says about a tally: the margin between the top two, measured the rule's way, and whether
/// it is within the threshold.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Leader">The selection with the most votes.</param>
/// <param name="RunnerUp">The selection second.</param>
/// <param name="Margin">The difference in votes.</param>
/// <param name="Total">All votes in the tally.</param>
/// <param name="Measured">The margin in the rule's metric (a percentage, or votes).</param>
/// <param name="Qualifies">True when the margin is within the threshold.</param>
public sealed record RecountAssessment(RecountRule Rule, string Leader, string RunnerUp, long Margin, long Total, decimal Measured, bool Qualifies)
{
    /// <summary>Assesses a tally.</summary>
    public static RecountAssessment Of(RecountRule rule, IEnumerable<NamedCount> tally)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var sorted = tally.OrderByDescending(t => t.Votes).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
        var first = sorted.Count > 0 ? sorted[0] : new NamedCount("", 0);
        var second = sorted.Count > 1 ? sorted[1] : new NamedCount("", 0);
        var total = sorted.Sum(t => t.Votes);
        var margin = first.Votes - second.Votes;
        var measured = rule.Metric switch
        {
            RecountMetric.AbsoluteVotes => margin,
            RecountMetric.PercentOfTopTwo => first.Votes + second.Votes == 0 ? 0 : margin * 100m / (first.Votes + second.Votes),
            _ => total == 0 ? 0 : margin * 100m / total,
        };
        return new RecountAssessment(rule, first.Id, second.Id, margin, total, measured, rule.Qualifies(first.Votes, second.Votes, total));
    }

    /// <summary>One line: margin, metric, threshold, verdict.</summary>
    public string Describe()
    {
        var c = CultureInfo.InvariantCulture;
        var unit = Rule.Metric == RecountMetric.AbsoluteVotes ? " votes" : "%";
        var measured = Rule.Metric == RecountMetric.AbsoluteVotes ? Measured.ToString("0", c) : Measured.ToString("0.####", c);
        var threshold = Rule.Threshold is { } t ? "≤ " + t.ToString(c) + unit : "any margin";
        var metric = Rule.Metric switch
        {
            RecountMetric.PercentOfTopTwo => "of the top two",
            RecountMetric.AbsoluteVotes => "",
            _ => "of all votes",
        };
        return $"margin {Margin.ToString("N0", c)} votes = {measured}{unit} {metric}".TrimEnd() + $"; threshold {threshold} ({Rule.Citation}): {(Qualifies ? "within" : "not within")}";
    }
}
