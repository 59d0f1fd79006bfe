using Canvass.Domain.Elections;

namespace Canvass.Domain.Events;

/// <summary>The election was defined from a NIST SP 1500-100 election report. Always the first event of a stream.</summary>
/// <param name="Definition">The validated definition.</param>
/// <param name="FileName">The file it was read from (name only, no directory).</param>
/// <param name="Sha256">SHA-256 of the file's bytes, lower-case hex.</param>
[EventType("election-defined.v1")]
public sealed record ElectionDefined(ElectionDefinition Definition, string FileName, string Sha256) : IEvent;
