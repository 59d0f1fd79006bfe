namespace Canvass.Domain.Jurisdictions;

/// <summary>A named deadline of a jurisdiction (a certification deadline, the end of a contest window, the electors'
/// meeting), with the law it comes from.</summary>
/// <param name="Name">Its name (<c>state-certification</c>, <c>electors-meet</c>, …); other rules can count from it.</param>
/// <param name="Rule">How its date is found.</param>
/// <param name="Citation">The statute or source.</param>
/// <param name="EffectiveFrom">The first election day it applies to; null: always.</param>
/// <param name="EffectiveUntil">The last election day it applies to; null: still in force.</param>
/// <param name="Verify">True when the value comes from a secondary source and must be checked against the statute.</param>
/// <param name="Contests">The contests it applies to (<c>appliesTo</c>): a contest of any of these scopes; null: every
/// contest (the electors' meeting is only the presidency's).</param>
public sealed record DeadlineRule(
    string Name, DateRule Rule, string Citation, DateOnly? EffectiveFrom = null, DateOnly? EffectiveUntil = null, bool Verify = false, ContestScope? Contests = null)
{
    /// <summary>True when the rule applies to an election held on <paramref name="electionDay"/>.</summary>
    public bool AppliesTo(DateOnly electionDay) =>
        (EffectiveFrom is null || EffectiveFrom <= electionDay) && (EffectiveUntil is null || electionDay <= EffectiveUntil);

    /// <summary>True when the rule applies to a contest of <paramref name="contest"/>'s scope
    /// (<see cref="ContestScopes.Of"/>).</summary>
    public bool AppliesTo(ContestScope contest) => Contests is not { } scope || (scope & contest) != ContestScope.None;
}
