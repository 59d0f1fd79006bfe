using System.Collections.Immutable;
using Canvass.Domain.Facts;
using Canvass.Domain.Jurisdictions;

namespace Canvass.Domain.Finality;

// The calendar of a contest: every deadline of its rules, the contest window and the recount rule as they apply at a moment.
public sealed partial class FinalityEvaluator
{
    /// <summary>Every deadline of the contest's rules for this election, the contest window after the latest
    /// certification at <paramref name="at"/>, and the recount request window.</summary>
    public ImmutableArray<ContestDeadline> Deadlines(string contest, DateTimeOffset at)
    {
        var rules = RulesFor(contest);
        var snapshot = FactSnapshot.At(FactsOf(contest), at);
        var cert = snapshot.LatestCertification();
        var list = ImmutableArray.CreateBuilder<ContestDeadline>();
        foreach (var j in rules)
        {
            var certDay = cert is { } c ? j.DayOf(c.Certification.At) : (DateOnly?)null;
            foreach (var d in j.Deadlines.Where(d => d.AppliesTo(Definition.EndDate)))
            {
                var date = d.Rule.Resolve(Definition.EndDate, n => Anchor(rules, n, certDay, 0), j.HolidayDates);
                list.Add(new ContestDeadline(d.Name, date, date is { } x ? j.EndOf(x) : null, j.Id, d.Citation, d.Verify));
            }

            if (j.ContestWindow is { } w)
            {
                var date = w.Rule.Resolve(Definition.EndDate, n => Anchor(rules, n, certDay, 0), j.HolidayDates);
                list.Add(new ContestDeadline("contest-window", date, date is { } x ? j.EndOf(x) : null, j.Id, w.Citation, w.Verify));
            }

            if (j.RecountFor(Definition.EndDate) is { Window: { } rw } rule)
            {
                // A recount is requested of a certification, not of a recertification: the latest that is not one, as
                // record recount-request and the recount trigger read it.
                var first = snapshot.OriginalCertification()?.Certification;
                var firstDay = first is null ? (DateOnly?)null : j.DayOf(first.At);
                var date = rw.Resolve(Definition.EndDate, n => Anchor(rules, n, firstDay, 0), j.HolidayDates);
                list.Add(new ContestDeadline("recount-request", date, date is { } x ? j.EndOf(x) : null, j.Id, rule.Citation, rule.Verify));
            }
        }

        return list.ToImmutable();
    }

    /// <summary>The contest's recount rule applied to its latest certified tally at <paramref name="at"/> (the first
    /// certification, not a recertification), or null when it has no rule or no certified tally.</summary>
    public RecountAssessment? Recount(string contest, DateTimeOffset at)
    {
        var rule = RulesFor(contest).Select(r => r.RecountFor(Definition.EndDate)).FirstOrDefault(r => r is not null);
        var cert = FactSnapshot.At(FactsOf(contest), at).OriginalCertification();
        return rule is null || cert is null ? null : RecountAssessment.Of(rule, cert.Value.Certification.Tally);
    }

    /// <summary>The tally certified last at or before <paramref name="at"/>, if any.</summary>
    public ContestCertified? LatestCertification(string contest, DateTimeOffset at, string? level = null) =>
        FactSnapshot.At(FactsOf(contest), at).LatestCertification(level)?.Certification;
}
