using System.Globalization;
using Canvass.Audit.Workflow;
using Canvass.Domain.Audits;
using Canvass.Domain.Events;

namespace Canvass.Cli.Verification;

/// <summary>Every drawn ballot is compared with the CVR at its manifest place: in a county whose CVRs were committed
/// when the round was drawn, the ballot at position k of batch B is the k-th committed CVR of that county with batch B,
/// in import order (<c>CvrLookup</c>), and the logged ballot id, import and record index must be that CVR's; in a
/// county without committed CVRs the ballot names none. The re-draw from the seed checks only the places, so without
/// this an operator could log the right places with more convenient CVRs, and the comparison would read them.</summary>
internal static class SampledCvrCheck
{
    /// <summary>Null when every ballot of the round names the CVR at its place, or the first that does not.</summary>
    public static string? Check(AuditState state, AuditSampleDrawn drawn, ClosingInputs inputs)
    {
        var c = CultureInfo.InvariantCulture;
        var cvrCounties = state.CvrCounties;
        foreach (var b in drawn.Ballots)
        {
            var logged = b.BallotId is null && b.ImportId is null && b.IndexInImport is null ? null : new CvrPlace(b.BallotId!, b.ImportId!, b.IndexInImport ?? -1);
            if (!cvrCounties.Contains(b.County))
            {
                if (logged is not null)
                {
                    return $"round {drawn.Round.ToString(c)}'s ballot at {Place(b)} is compared with CVR {Describe(logged)}, but {b.County} had no committed CVRs when the round was drawn";
                }

                continue;
            }

            var located = inputs.CvrsAtPlaces.GetValueOrDefault((b.County, b.Batch, b.Position));
            if (logged != located)
            {
                return $"round {drawn.Round.ToString(c)}'s ballot at {Place(b)} is compared with "
                    + (logged is null ? "no CVR" : "CVR " + Describe(logged))
                    + ", but the committed CVR at that place is "
                    + (located is null ? "none" : Describe(located));
            }
        }

        return null;
    }

    private static string Place(SampledBallot b) => $"{b.County}/{b.Batch}/{b.Position.ToString(CultureInfo.InvariantCulture)}";

    private static string Describe(CvrPlace p) =>
        $"{p.BallotId ?? "(none)"} (import {p.ImportId ?? "(none)"}, record {p.IndexInImport.ToString(CultureInfo.InvariantCulture)})";
}
