using System.Collections.Immutable;
using Canvass.Audit.Workflow;
using Canvass.Domain.Audits;
using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;

namespace Canvass.Cli.Audit;

/// <summary>Counts a batch-comparison audit's reported batch tallies from committed CVRs, one ballot at a time: each
/// audited contest's votes in every batch of its counties (an overvoted contest counts no vote). <c>audit create</c>
/// counts them from the store, <c>verify</c> from the committed records, with this same code.</summary>
internal sealed class BatchVoteCounter
{
    private readonly IReadOnlyList<AuditedContest> _contests;
    private readonly HashSet<string> _counties;
    private readonly Dictionary<string, int> _positions;
    private readonly Dictionary<(string County, string Batch, string Contest), long[]> _votes = [];

    public BatchVoteCounter(IReadOnlyList<AuditedContest> contests, ElectionIndex index)
    {
        _contests = contests;
        _counties = contests.SelectMany(c => c.Counties).ToHashSet(StringComparer.Ordinal);
        _positions = contests.ToDictionary(c => c.Contest, c => index.TryGetContest(new ContestId(c.Contest), out int p) ? p : -1, StringComparer.Ordinal);
    }

    /// <summary>True when a ballot of this county may count (the marks need not be decoded otherwise).</summary>
    public bool Counts(string county, string? batch) => batch is not null && _counties.Contains(county);

    /// <summary>Adds one ballot's marks to its batch's tallies.</summary>
    public void Add(string county, string? batch, ImmutableArray<ContestMarks> marks)
    {
        if (!Counts(county, batch))
        {
            return;
        }

        foreach (var contest in _contests)
        {
            if (!contest.Counties.Contains(county))
            {
                continue;
            }

            var m = marks.FirstOrDefault(x => x.Contest == _positions[contest.Contest]);
            if (m.Marks.IsDefault)
            {
                continue;
            }

            var key = (county, batch!, contest.Contest);
            if (!_votes.TryGetValue(key, out var tally))
            {
                _votes[key] = tally = new long[contest.Choices.Length];
            }

            if (m.Marks.Length <= contest.VotesAllowed)
            {
                foreach (var mark in m.Marks.Select(x => x.Selection).Distinct())
                {
                    tally[mark]++;
                }
            }
        }
    }

    /// <summary>One tally per audited contest and manifest batch of its counties, in manifest order (a batch whose CVRs
    /// never carry the contest has no votes).</summary>
    public ImmutableArray<ReportedBatchTally> Report(AuditState state)
    {
        var result = ImmutableArray.CreateBuilder<ReportedBatchTally>();
        foreach (var contest in _contests)
        {
            foreach (var b in state.BatchesOf(contest.Counties))
            {
                var tally = _votes.GetValueOrDefault((b.County, b.Batch, contest.Contest));
                result.Add(new ReportedBatchTally(contest.Contest, b.County, b.Jurisdiction, b.Container, b.Tabulator, b.Batch, b.Ballots,
                    tally is null ? [] : [.. contest.Choices.Select((c, i) => new ReportedChoice(c.Selection, tally[i]))]));
            }
        }

        return result.ToImmutable();
    }
}
