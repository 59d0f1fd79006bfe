namespace Canvass.Domain.Jurisdictions;

/// <summary>When a recount happens: automatically, or on request within a window, when the margin is within a threshold.</summary>
/// <param name="Automatic">True when the law orders the recount by itself; false when someone must request it.</param>
/// <param name="Metric">How the margin is measured.</param>
/// <param name="Threshold">The largest margin that qualifies (a percentage for the percent metrics, votes otherwise);
/// null for any margin.</param>
/// <param name="RequiresCertification">True when a recount is evaluated on certified totals: it can be requested (and
/// its result recorded) only after the contest was certified.</param>
/// <param name="Window">When requests close (for example 2 business days after <c>certification</c>); null when the law
/// sets no window Canvass models.</param>
/// <param name="RequestedBy">Who may request it.</param>
/// <param name="Payer">Who pays.</param>
/// <param name="Method">How it is done.</param>
/// <param name="Citation">The statute or source.</param>
/// <param name="EffectiveFrom">The first election day it applies to; null: always.</param>
/// <param name="EffectiveUntil">The last election day it applies to; null: still in force.</param>
/// <param name="Verify">True when the value comes from a secondary source and must be checked against the statute.</param>
public sealed record RecountRule(
    bool Automatic,
    RecountMetric Metric,
    decimal? Threshold,
    bool RequiresCertification,
    DateRule? Window,
    string? RequestedBy,
    string? Payer,
    string? Method,
    string Citation,
    DateOnly? EffectiveFrom = null,
    DateOnly? EffectiveUntil = null,
    bool Verify = false)
{
    /// <summary>True when the rule applies to an election held on <paramref name="electionDay"/>.</summary>
    public bool AppliesTo(DateOnly electionDay) =>
        (EffectiveFrom is null || EffectiveFrom <= electionDay) && (EffectiveUntil is null || electionDay <= EffectiveUntil);

    /// <summary>True when a tally's top two are close enough for this rule. Exact decimal arithmetic.</summary>
    public bool Qualifies(long first, long second, long total)
    {
        var margin = first - second;
        if (Threshold is not { } threshold)
        {
            return true;
        }

        return Metric switch
        {
            RecountMetric.AbsoluteVotes => margin <= threshold,
            RecountMetric.PercentOfTopTwo => margin * 100m <= threshold * (first + second),
            _ => margin * 100m <= threshold * total,
        };
    }
}
