namespace Canvass.Domain.Events;

/// <summary>A jurisdiction's rules for the path to finality (deadlines, certifying bodies and their officials' keys,
/// recount rules: one file in the format of <c>rules/*.json</c>) were put into the log, so that everyone who reads the log
/// evaluates finality under the same rules. From then on they replace the embedded rules with the same OCD-ID, or add a
/// jurisdiction; the latest event for an OCD-ID holds, and the log keeps every version.</summary>
/// <param name="OcdId">The jurisdiction's OCD-ID (the file's <c>ocdId</c>).</param>
/// <param name="Rules">The rules file as canonical JSON text: comments and whitespace dropped, members in the file's
/// order. It reads back to the same rules.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the UTF-8 bytes of <paramref name="Rules"/>.</param>
/// <param name="Source">Where the rules came from: the file's name (no directory).</param>
[EventType("jurisdiction-rules-set.v1")]
public sealed record JurisdictionRulesSet(string OcdId, string Rules, string Sha256, string Source) : IEvent;
