using System.Collections.Frozen;

namespace Canvass.Domain.Finality;

/// <summary>The facts a policy expression can name, each with what it means and what its optional argument is.</summary>
public static class FinalityFacts
{
    /// <summary>Fact name → (meaning, meaning of its optional argument or null when it takes none).</summary>
    public static FrozenDictionary<string, (string Meaning, string? Argument)> All { get; } = new Dictionary<string, (string, string?)>(StringComparer.Ordinal)
    {
        ["called"] = ("a decision desk's call stands (not retracted)", "the desk, e.g. called(AP)"),
        ["called_by_majority"] = ("a majority of the configured decision desks have called the same winner and their calls stand", null),
        ["call_retracted"] = ("a decision desk has retracted its call and not called again", "the desk"),
        ["conceded"] = ("a candidate has conceded and not withdrawn the concession", "the candidate id"),
        ["certified"] = ("the contest is certified and no later recount has superseded the certified tally", "the level: county, state or national"),
        ["recertified"] = ("the contest was certified again (after a recount or correction) and that tally stands", "the level"),
        ["recount_triggered"] = ("the certified margin is within the jurisdiction's automatic recount threshold", null),
        ["recount_pending"] = ("a recount was requested, started or triggered and its result has not been certified", null),
        ["challenge_pending"] = ("a legal challenge is filed and not closed", "the case number"),
        ["court_order_in_effect"] = ("a court order about counting or certification is in effect", "the order's effect, e.g. halt-certification"),
        ["audit_passed"] = ("the latest audit of the outcome passed", null),
        ["electors_appointed"] = ("electors are appointed for every elector of the Electoral College", null),
        ["electors_cast"] = ("every elector of the Electoral College has voted", null),
        ["congress_counted"] = ("the joint session of Congress has counted the electoral votes", null),
        ["contest_window_closed"] = ("the window to file an election contest after the latest certification has closed", null),
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
