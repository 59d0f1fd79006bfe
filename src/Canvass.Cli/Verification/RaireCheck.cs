using System.Globalization;
using Canvass.Audit.Workflow;
using Canvass.Cli.Audit;
using Canvass.Cli.Common;
using Canvass.Domain.Ballots;
using Canvass.Domain.Elections;
using Canvass.Domain.Events;

namespace Canvass.Cli.Verification;

/// <summary>The ranked-choice part of <c>canvass verify</c>: every RAIRE assertion set the audit logged is generated
/// again from the committed CVRs (read back from their commitments) and must come out the same — same CVRs, same
/// assertions, same margins.</summary>
internal sealed class RaireCheck
{
    private readonly ElectionIndex _index;
    private readonly List<(RaireAssertionsGenerated Logged, Domain.Audits.AuditedContest Contest, int Position, HashSet<int> Counties, RankingCounts Cvrs)> _contests = [];

    private RaireCheck(ElectionIndex index) => _index = index;

    /// <summary>The check for the log's ranked-choice contests, or null when it has none.</summary>
    public static RaireCheck? For(IEnumerable<IEvent> events, ElectionIndex index)
    {
        var check = new RaireCheck(index);
        Domain.Audits.AuditedContest[] audited = [];
        foreach (var e in events)
        {
            if (e is AuditCreated created)
            {
                audited = [.. created.Contests];
            }
            else if (e is RaireAssertionsGenerated g && audited.FirstOrDefault(a => a.Contest == g.Contest) is { } contest
                && index.TryGetContest(new ContestId(g.Contest), out int position))
            {
                var counties = contest.Counties.Select(c => index.TryGetUnit(new GpUnitId(c), out int unit) ? unit : -1).ToHashSet();
                check._contests.Add((g, contest, position, counties, new RankingCounts()));
            }
        }

        return check._contests.Count == 0 ? null : check;
    }

    /// <summary>Adds one committed ballot.</summary>
    public void Add(CastVoteRecord cvr)
    {
        foreach (var (_, _, position, counties, cvrs) in _contests)
        {
            if (counties.Contains(cvr.County) && RankedChoiceAudit.Ranking(cvr.Contests, position, _index.Definition.Contests[position]) is { } ranking)
            {
                cvrs.Add(ranking);
            }
        }
    }

    /// <summary>A note of what matched, or the first difference.</summary>
    public (string? Note, string? Failure) Check()
    {
        var c = CultureInfo.InvariantCulture;
        foreach (var (logged, contest, position, _, cvrs) in _contests)
        {
            if (cvrs.Total != logged.Cvrs || cvrs.Total > contest.Ballots)
            {
                return (null, $"the RAIRE assertions of {logged.Contest} were generated from {logged.Cvrs.ToString(c)} CVRs, but the committed CVRs hold {cvrs.Total.ToString(c)} ballots with the contest");
            }

            var selections = _index.Definition.Contests[position].Selections.Select(s => s.Id.Value).ToList();
            var (_, again) = RaireAuditMath.Generate(logged.Contest, selections, logged.Winner, cvrs, contest.Ballots);
            static string Key(Domain.Audits.RaireAssertion a) => $"{a.Describe()} {a.Margin}";
            var expected = again.Select(Key).ToList();
            var actual = logged.Assertions.Select(Key).ToList();
            if (!expected.SequenceEqual(actual, StringComparer.Ordinal))
            {
                return (null, $"the RAIRE assertions of {logged.Contest} are not the ones the committed CVRs give: re-generated [{string.Join("; ", expected)}], logged [{string.Join("; ", actual)}]");
            }
        }

        return ($"RAIRE assertions of {Quantity.Of(_contests.Count, "ranked-choice contest")} re-generated from the committed CVRs and matched", null);
    }
}
