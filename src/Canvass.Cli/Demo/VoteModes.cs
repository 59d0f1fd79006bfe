using Canvass.Domain.Elections;

namespace Canvass.Cli.Demo;

/// <summary>How MEDSL's <c>mode</c> labels map to NIST vote methods (see docs/demo.md for why Arizona's "early vote" is
/// <c>absentee</c>: it is mostly mailed early ballots, not early in-person voting).</summary>
internal static class VoteModes
{
    public static CountItemType ToMethod(string statePo, string mode) => (statePo, mode) switch
    {
        // MEDSL gives only totals for these states: their generated ballots carry "other", honestly unknown.
        (_, "TOTAL") => CountItemType.Other,
        (_, "ELECTION DAY") => CountItemType.ElectionDay,
        ("GA", "ABSENTEE") => CountItemType.AbsenteeMail,
        ("GA", "ADVANCED VOTING") => CountItemType.Early,
        ("GA", "PROV") => CountItemType.Provisional,
        ("AZ", "EARLY VOTE") => CountItemType.Absentee,
        ("AZ", "PROVISIONAL") => CountItemType.Provisional,
        _ => throw new InvalidDataException($"No vote-method mapping for {statePo} mode '{mode}'."),
    };

    public static char Code(CountItemType method) => method switch
    {
        CountItemType.AbsenteeMail => 'M',
        CountItemType.Absentee => 'A',
        CountItemType.Early => 'E',
        CountItemType.ElectionDay => 'D',
        CountItemType.Provisional => 'P',
        _ => 'O',
    };
}
