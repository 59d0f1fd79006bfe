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

    /// <summary>The problem's message for member <paramref name="name"/> of a <paramref name="kind"/>.</summary>
    public static string Unknown(string name, string kind) => SchemaMembers.Unknown(name, kind, "NIST SP 1500-103");
}
