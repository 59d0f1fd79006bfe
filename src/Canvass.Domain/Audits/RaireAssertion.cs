using System.Collections.Immutable;

namespace Canvass.Domain.Audits;

/// <summary>One RAIRE assertion of a ranked-choice (IRV) contest under audit, as the log records it.</summary>
/// <param name="Kind"><see cref="Neb"/> ("winner not eliminated before loser") or <see cref="Nen"/> ("winner not
/// eliminated next while exactly <paramref name="Continuing"/> remain").</param>
/// <param name="Winner">The selection (id) the assertion says survives.</param>
/// <param name="Loser">The selection (id) it says goes first.</param>
/// <param name="Continuing">For NEN, the continuing candidates (selection ids, sorted ordinally); empty for NEB.</param>
/// <param name="Margin">The assorter margin over the audit's sampling frame (2·mean − 1, the frame's ballots without
/// the contest counting ½), as the shortest text that round-trips the double.</param>
public sealed record RaireAssertion(string Kind, string Winner, string Loser, ImmutableArray<string> Continuing, string Margin)
{
    /// <summary>"Not eliminated before": the winner cannot be eliminated before the loser.</summary>
    public const string Neb = "NEB";

    /// <summary>"Not eliminated next": with exactly the continuing candidates left, the winner beats the loser.</summary>
    public const string Nen = "NEN";

    /// <summary>The assertion in words, e.g. <c>a NEB b</c> or <c>a NEN b | {a, b, c}</c>.</summary>
    public string Describe() => Kind == Nen ? $"{Winner} NEN {Loser} | {{{string.Join(", ", Continuing)}}}" : $"{Winner} NEB {Loser}";
}

/// <summary>One RAIRE assertion's measurement at the end of a round.</summary>
/// <param name="Assertion">The assertion, as generated.</param>
/// <param name="PValue">Its measured risk over every draw so far, as the shortest round-trip text.</param>
/// <param name="RiskLimitMet">True when the risk is at or below the risk limit.</param>
/// <param name="Overstatements1">Draws whose paper assorts ½ lower than the CVR (a one-vote overstatement).</param>
/// <param name="Overstatements2">Draws whose paper assorts 1 lower (a two-vote overstatement; every not-found ballot).</param>
/// <param name="Understatements1">Draws whose paper assorts ½ higher.</param>
/// <param name="Understatements2">Draws whose paper assorts 1 higher.</param>
public sealed record RaireAssertionRisk(
    RaireAssertion Assertion,
    string PValue,
    bool RiskLimitMet,
    int Overstatements1,
    int Overstatements2,
    int Understatements1,
    int Understatements2);
