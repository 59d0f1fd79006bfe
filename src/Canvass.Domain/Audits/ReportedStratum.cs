using System.Collections.Immutable;

namespace Canvass.Domain.Audits;

/// <summary>One stratum of a contest in a hybrid (SUITE) audit, fixed when the audit is created.</summary>
/// <param name="Contest">The contest id.</param>
/// <param name="Stratum">One of <see cref="HybridStrata"/>.</param>
/// <param name="Counties">The counties (ids, sorted) whose manifest ballots make up the stratum.</param>
/// <param name="Ballots">The manifest ballots of those counties.</param>
/// <param name="Votes">Reported votes per selection in the stratum, in the contest's selection order: tabulated from the
/// committed CVRs (CVR stratum) or the counties' reported results (non-CVR stratum). The two strata add up to the
/// contest's <see cref="AuditedContest.Choices"/>.</param>
public sealed record ReportedStratum(
    string Contest,
    string Stratum,
    ImmutableArray<string> Counties,
    long Ballots,
    ImmutableArray<ReportedChoice> Votes);
