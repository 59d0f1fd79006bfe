using System.Collections.Immutable;

namespace Canvass.Domain.Audits;

/// <summary>A contest under audit, with the reported outcome the audit checks, fixed when the audit is created.</summary>
/// <param name="Contest">The contest id.</param>
/// <param name="Targeted">True for a targeted contest (a sample is drawn for it); false for an opportunistic one (measured
/// from the ballots drawn for the targeted contests).</param>
/// <param name="Choices">Reported votes per selection, in the contest's selection order.</param>
/// <param name="Ballots">The ballots in the sampling frame: every manifest ballot of the contest's counties. Shares and
/// margins are diluted by this count, which is conservative when some of those ballots do not carry the contest.</param>
/// <param name="NumWinners">How many selections win.</param>
/// <param name="VotesAllowed">How many selections a voter may mark.</param>
/// <param name="Counties">The counties (ids, sorted) whose manifests make up the frame.</param>
public sealed record AuditedContest(
    string Contest,
    bool Targeted,
    ImmutableArray<ReportedChoice> Choices,
    long Ballots,
    int NumWinners,
    int VotesAllowed,
    ImmutableArray<string> Counties);
