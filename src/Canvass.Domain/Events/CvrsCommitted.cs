using System.Collections.Immutable;

namespace Canvass.Domain.Events;

/// <summary>A file of cast vote records was validated whole and stored. One event per file, however many ballots it holds:
/// bulk data is committed, not logged row by row.</summary>
/// <param name="ImportId">The import's id: <c>cvr-</c> and the first 16 hex digits of <paramref name="Sha256"/>.</param>
/// <param name="FileName">The file's name (no directory).</param>
/// <param name="Sha256">SHA-256 of the file's bytes, lower-case hex; re-importing the same bytes changes nothing.</param>
/// <param name="Format">The reader used: <c>canvass-csv</c>, <c>nist-1500-103-json</c>, <c>nist-1500-103-xml</c>.</param>
/// <param name="BallotCount">How many CVRs were stored.</param>
/// <param name="Counties">The counting jurisdictions the ballots came from (ids, sorted).</param>
/// <param name="Contests">The contests the ballots carried (ids, sorted).</param>
/// <param name="RecordEncoding">How the ballots are encoded and grouped into leaves for the commitment:
/// <c>canvass-cvr-fields64.v1</c> (leaves of 64 consecutive <c>canvass-cvr-fields.v1</c> records), or, for imports
/// made before it, <c>canvass-cvr-records64.v1</c> (leaves of 64 <c>canvass-cvr-record.v1</c> records) or
/// <c>canvass-cvr-record.v1</c> (one record per leaf) (<c>docs/verification.md</c>).</param>
/// <param name="MerkleRoot">Lower-case hex RFC 9162 Merkle root over the encoded ballots in file order: any single
/// ballot can later be proven to belong to this import, and no ballot can be changed, added or removed unseen.</param>
[EventType("cvrs-committed.v1")]
public sealed record CvrsCommitted(
    string ImportId,
    string FileName,
    string Sha256,
    string Format,
    long BallotCount,
    ImmutableArray<string> Counties,
    ImmutableArray<string> Contests,
    string RecordEncoding,
    string MerkleRoot) : IEvent;
