using System.Collections.Frozen;
using Canvass.Formats.Common;

namespace Canvass.Formats.Cvr;

/// <summary>The members NIST SP 1500-103 allows on each object the CVR readers look into (<see cref="SchemaMembers.Cvr"/>).</summary>
/// <remarks>The XML form has the same element names, without the JSON-only <c>@id</c> and <c>@type</c>.</remarks>
internal static class NistCvrMembers
{
    public static FrozenSet<string> Report { get; } = SchemaMembers.Cvr.Of("CVR.CastVoteRecordReport")!;

    public static FrozenSet<string> Cvr { get; } = SchemaMembers.Cvr.Of("CVR.CVR")!;

    public static FrozenSet<string> Snapshot { get; } = SchemaMembers.Cvr.Of("CVR.CVRSnapshot")!;

    public static FrozenSet<string> Contest { get; } = SchemaMembers.Cvr.Of("CVR.CVRContest")!;

    public static FrozenSet<string> Selection { get; } = SchemaMembers.Cvr.Of("CVR.CVRContestSelection")!;

    public static FrozenSet<string> Position { get; } = SchemaMembers.Cvr.Of("CVR.SelectionPosition")!;

    /// <summary><see cref="Cvr"/>, each member with a bit of its own (0 to 63).</summary>
    public static FrozenDictionary<string, int> CvrBits { get; } = Bits(Cvr);

    public static FrozenDictionary<string, int> SnapshotBits { get; } = Bits(Snapshot);

    public static FrozenDictionary<string, int> ContestBits { get; } = Bits(Contest);

    public static FrozenDictionary<string, int> SelectionBits { get; } = Bits(Selection);

    public static FrozenDictionary<string, int> PositionBits { get; } = Bits(Position);

    /// <summary>The elements of the report that its XML encoding allows once, by bit (<see cref="SchemaMembers.OnceIn"/>).</summary>
    public static FrozenDictionary<string, int> ReportOnce { get; } = Once("CVR.CastVoteRecordReport");

    public static FrozenDictionary<string, int> CvrOnce { get; } = Once("CVR.CVR");

    public static FrozenDictionary<string, int> SnapshotOnce { get; } = Once("CVR.CVRSnapshot");

    public static FrozenDictionary<string, int> ContestOnce { get; } = Once("CVR.CVRContest");

    public static FrozenDictionary<string, int> SelectionOnce { get; } = Once("CVR.CVRContestSelection");

    public static FrozenDictionary<string, int> PositionOnce { get; } = Once("CVR.SelectionPosition");

    /// <summary>The problem's message for member <paramref name="name"/> of a <paramref name="kind"/>.</summary>
    public static string Unknown(string name, string kind) => SchemaMembers.Unknown(name, kind, "NIST SP 1500-103");

    /// <summary>The problem's message for element <paramref name="name"/> given again in a <paramref name="kind"/>.</summary>
    public static string Repeated(string name, string kind) =>
        $"NIST SP 1500-103 allows one {name} in {kind}, and this one has more than one: which of them counts cannot be told.";

    private static FrozenDictionary<string, int> Once(string definition) => Fits(SchemaMembers.Cvr.OnceIn(definition)!);

    private static FrozenDictionary<string, int> Bits(FrozenSet<string> members) =>
        Fits(members.Items.Select((name, bit) => (name, bit)).ToFrozenDictionary(m => m.name, m => m.bit, StringComparer.Ordinal));

    private static FrozenDictionary<string, int> Fits(FrozenDictionary<string, int> bits) =>
        bits.Count <= 64 ? bits : throw new InvalidOperationException("A NIST SP 1500-103 type has more members than a 64-bit mask holds.");
}
