namespace Canvass.Domain.Elections;

/// <summary>Another system's identifier for an object (NIST <c>ExternalIdentifier</c>): a FIPS code, an OCD-ID, a state code.</summary>
/// <param name="Type">The NIST identifier type: <c>fips</c>, <c>ocd-id</c>, <c>local-level</c>, <c>state-level</c>,
/// <c>national-level</c> or <c>other</c>.</param>
/// <param name="Value">The identifier.</param>
/// <param name="OtherType">What the identifier is when <paramref name="Type"/> is <c>other</c>.</param>
public sealed record ExternalIdentifier(string Type, string Value, string? OtherType = null);
