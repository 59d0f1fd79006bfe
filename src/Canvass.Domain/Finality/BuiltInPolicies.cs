using System.Collections.Frozen;

namespace Canvass.Domain.Finality;

/// <summary>The built-in finality policies and the expressions they stand for. A jurisdiction's rules may define one
/// differently (the presidency's <c>legally-final</c> rests on the electors' votes).</summary>
public static class BuiltInPolicies
{
    /// <summary>A majority of the configured decision desks have called it and none has retracted.</summary>
    public const string MediaCall = "media-call";

    /// <summary>A candidate has conceded.</summary>
    public const string Concession = "concession";

    /// <summary>The contest is certified.</summary>
    public const string Certified = "certified";

    /// <summary>Certified or recertified, no recount or challenge pending, no court order in effect, contest window closed.</summary>
    public const string LegallyFinal = "legally-final";

    /// <summary>Certified, and an audit confirmed the outcome.</summary>
    public const string AuditConfirmed = "audit-confirmed";

    /// <summary>The electors have voted and Congress has counted their votes.</summary>
    public const string Electoral = "electoral";

    /// <summary>The diplomatic custom: a concession, or a result finalized in a legitimate, legal way.</summary>
    public const string Custom = "custom";

    /// <summary>Every built-in policy's expression, by name.</summary>
    public static FrozenDictionary<string, string> Expressions { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [MediaCall] = "called_by_majority and not call_retracted",
        [Concession] = "conceded",
        [Certified] = "certified",
        [LegallyFinal] = "(certified or recertified) and not recount_pending and not challenge_pending and not court_order_in_effect and contest_window_closed",
        [AuditConfirmed] = "certified and audit_passed",
        [Electoral] = "electors_cast and congress_counted",
        [Custom] = "concession or legally-final",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The built-in names in the order the CLI lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = [MediaCall, Concession, Certified, LegallyFinal, AuditConfirmed, Electoral, Custom];
}
