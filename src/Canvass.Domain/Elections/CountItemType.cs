namespace Canvass.Domain.Elections;

/// <summary>How a ballot was cast: the vote-method dimension of every count (NIST SP 1500-100 <c>CountItemType</c>).</summary>
/// <remarks>
/// <see cref="Total"/> is "all methods combined". A source may report a total, a breakdown, or both; Canvass never adds a
/// total to its own breakdown (see <see cref="Results.ReportedResults"/>). Use <see cref="CountItemTypes"/> to convert
/// to and from the NIST kebab-case names.
/// </remarks>
public enum CountItemType
{
    /// <summary>All voting methods combined (<c>total</c>).</summary>
    Total = 0,
    /// <summary>Election-day in-person voting (<c>election-day</c>).</summary>
    ElectionDay = 1,
    /// <summary>Early in-person voting, such as Georgia's "advance voting" (<c>early</c>).</summary>
    Early = 2,
    /// <summary>Absentee ballots returned by mail (<c>absentee-mail</c>).</summary>
    AbsenteeMail = 3,
    /// <summary>Absentee ballots cast in person at an office (<c>absentee-in-person</c>).</summary>
    AbsenteeInPerson = 4,
    /// <summary>Absentee ballots not broken down further (<c>absentee</c>).</summary>
    Absentee = 5,
    /// <summary>Federal write-in absentee ballots (<c>absentee-fwab</c>).</summary>
    AbsenteeFwab = 6,
    /// <summary>Provisional ("challenged") ballots (<c>provisional</c>).</summary>
    Provisional = 7,
    /// <summary>Military and overseas ballots (<c>uocava</c>).</summary>
    Uocava = 8,
    /// <summary>Write-in counts (<c>write-in</c>).</summary>
    WriteIn = 9,
    /// <summary>Balance-of-power seat counts (<c>seats</c>).</summary>
    Seats = 10,
    /// <summary>Any other method (<c>other</c>).</summary>
    Other = 11,
}
