using Canvass.Domain.Electoral;
using Canvass.Domain.Facts;

namespace Canvass.Domain.Finality;

/// <summary>What the facts about one contest say at one moment: the facts whose time is at or before it, applied in
/// order of time, then log position.</summary>
internal sealed class FactSnapshot
{
    public Dictionary<string, (RaceCalled? Call, RaceCallRetracted? Retraction, long Position)> Desks { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, (ConcessionMade Concession, long Position)> Concessions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (IContestFact Last, bool Open, long Position)> Challenges { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (CourtOrderIssued Order, long Position)> Orders { get; } = new(StringComparer.Ordinal);

    /// <summary>The certifications in order of time, then log position; <c>Recertification</c> is true for every one after
    /// the first at its level. It is derived here, never read from the event: an event's own
    /// <see cref="ContestCertified.Recertification"/> says what was known when it was recorded, and a certification recorded
    /// later with an earlier time makes it wrong.</summary>
    public List<(ContestCertified Certification, long Position, bool Recertification)> Certifications { get; } = [];

    public (RecountCompleted Recount, long Position)? LastRecount { get; private set; }

    /// <summary>The request or start of a recount whose result is not yet certified.</summary>
    public (IContestFact Fact, long Position)? OpenRecount { get; private set; }

    public (AuditResultRecorded Audit, long Position)? LastAudit { get; private set; }

    /// <summary>The latest appointment per unit, keyed as <see cref="CastElectoralVotes.UnitKey"/> has it, with the time of
    /// the unit's first: a later record corrects the appointment, it does not make it later.</summary>
    public Dictionary<string, (ElectorsAppointed Fact, long Position, DateTimeOffset First)> Appointed { get; } = new(StringComparer.Ordinal);

    /// <summary>The latest electors' votes per unit, keyed as <see cref="CastElectoralVotes.UnitKey"/> has it, as
    /// <c>canvass electoral</c> keys them (a later record of <c>GA-at-large</c> replaces one of <c>GA</c>), with the time of
    /// the unit's first record: when its electors voted, which a later record that corrects the votes does not change.</summary>
    public Dictionary<string, (ElectorVotesCast Fact, long Position, DateTimeOffset First)> Cast { get; } = new(StringComparer.Ordinal);

    public (CongressCounted Fact, long Position)? Congress { get; private set; }

    public long LastPosition { get; private set; }

    /// <summary>The latest certification, at <paramref name="level"/> when given.</summary>
    public (ContestCertified Certification, long Position, bool Recertification)? LatestCertification(string? level = null)
    {
        for (var i = Certifications.Count - 1; i >= 0; i--)
        {
            if (level is null || string.Equals(Certifications[i].Certification.Level, level, StringComparison.OrdinalIgnoreCase))
            {
                return Certifications[i];
            }
        }

        return null;
    }

    /// <summary>The latest certification that is not a recertification: the tally the recount rule applies to.</summary>
    public (ContestCertified Certification, long Position, bool Recertification)? OriginalCertification()
    {
        for (var i = Certifications.Count - 1; i >= 0; i--)
        {
            if (!Certifications[i].Recertification)
            {
                return Certifications[i];
            }
        }

        return null;
    }

    /// <summary>True when a recount completed after the certification, in order of time, then log position.</summary>
    public bool SupersededByRecount((ContestCertified Certification, long Position, bool Recertification) certification) =>
        LastRecount is { } r && (r.Recount.At, r.Position).CompareTo((certification.Certification.At, certification.Position)) > 0;

    public static FactSnapshot At(IReadOnlyList<PositionedFact> ordered, DateTimeOffset at)
    {
        var s = new FactSnapshot();
        foreach (var pf in ordered)
        {
            if (pf.Fact.At > at)
            {
                break;
            }

            s.Apply(pf);
        }

        return s;
    }

    public void Apply(PositionedFact pf)
    {
        var p = pf.Position;
        LastPosition = Math.Max(LastPosition, p);
        switch (pf.Fact)
        {
            case RaceCalled c:
                Desks[c.Caller] = (c, null, p);
                break;
            case RaceCallRetracted r:
                Desks[r.Caller] = (Desks.TryGetValue(r.Caller, out var d) ? d.Call : null, r, p);
                break;
            case ConcessionMade c:
                Concessions[c.Candidate] = (c, p);
                break;
            case ConcessionWithdrawn w:
                Concessions.Remove(w.Candidate);
                break;
            case LegalChallengeFiled f:
                Challenges[f.CaseNumber] = (f, true, p);
                break;
            case LegalChallengeRuled r:
                Challenges[r.CaseNumber] = (r, true, p);
                break;
            case LegalChallengeAppealed a:
                Challenges[a.CaseNumber] = (a, true, p);
                break;
            case LegalChallengeClosed c:
                Challenges[c.CaseNumber] = (c, false, p);
                foreach (var (id, order) in Orders.ToList())
                {
                    if (string.Equals(order.Order.CaseNumber, c.CaseNumber, StringComparison.Ordinal))
                    {
                        Orders.Remove(id);
                    }
                }

                break;
            case CourtOrderIssued o when string.Equals(o.Effect, "lift", StringComparison.Ordinal):
                if (o.Lifts is not null)
                {
                    Orders.Remove(o.Lifts);
                }

                break;
            case CourtOrderIssued o:
                Orders[o.OrderId] = (o, p);
                break;
            case RecountRequested or RecountStarted:
                OpenRecount ??= (pf.Fact, p);
                break;
            case RecountCompleted r:
                LastRecount = (r, p);
                OpenRecount ??= (r, p);
                break;
            case ContestCertified c:
                var recertification = LatestCertification(c.Level) is not null;
                Certifications.Add((c, p, recertification));
                if (LastRecount is { } last && recertification && (last.Recount.At, last.Position).CompareTo((c.At, p)) <= 0)
                {
                    OpenRecount = null;
                }

                break;
            case AuditResultRecorded a:
                LastAudit = (a, p);
                break;
            case ElectorsAppointed e:
            {
                var unit = CastElectoralVotes.UnitKey(e.Unit);
                Appointed[unit] = (e, p, Appointed.TryGetValue(unit, out var before) ? before.First : e.At);
                break;
            }

            case ElectorVotesCast v:
            {
                var unit = CastElectoralVotes.UnitKey(v.Unit);
                Cast[unit] = (v, p, Cast.TryGetValue(unit, out var before) ? before.First : v.At);
                break;
            }

            case CongressCounted c:
                Congress = (c, p);
                break;
        }
    }
}
