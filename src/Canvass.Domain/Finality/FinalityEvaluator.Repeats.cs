using System.Collections.Immutable;
using Canvass.Domain.Electoral;
using Canvass.Domain.Facts;

namespace Canvass.Domain.Finality;

// Facts the log holds already, and steps out of turn. The log is append-only: a fact recorded twice (a script run
// again) stays twice for good, and a desk's second call or a second count in Congress would move what the reasons name
// away from the moment the answer turned.
public sealed partial class FinalityEvaluator
{
    /// <summary>The record of <paramref name="fact"/> the log holds already, or null: the same kind of fact about the same
    /// contest at the same time, saying the same (<see cref="SameFact"/>), whatever its source, evidence and free text.</summary>
    private PositionedFact? EarlierRecordOf(IContestFact fact) => FactsOf(fact.Contest).FirstOrDefault(pf => SameFact(pf.Fact, fact));

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> record one event. Certifications are compared where
    /// they are checked (body, level, tally and time).</summary>
    private static bool SameFact(IContestFact a, IContestFact b) => a.At == b.At && (a, b) switch
    {
        (RaceCalled x, RaceCalled y) => SameDesk(x.Caller, y.Caller) && x.Winner == y.Winner,
        (RaceCallRetracted x, RaceCallRetracted y) => SameDesk(x.Caller, y.Caller),
        (ConcessionMade x, ConcessionMade y) => x.Candidate == y.Candidate,
        (ConcessionWithdrawn x, ConcessionWithdrawn y) => x.Candidate == y.Candidate,
        (LegalChallengeFiled x, LegalChallengeFiled y) => x.CaseNumber == y.CaseNumber && x.Court == y.Court,
        (LegalChallengeRuled x, LegalChallengeRuled y) => x.CaseNumber == y.CaseNumber && x.Court == y.Court && x.Outcome == y.Outcome,
        (LegalChallengeAppealed x, LegalChallengeAppealed y) => x.CaseNumber == y.CaseNumber && x.Court == y.Court,
        (LegalChallengeClosed x, LegalChallengeClosed y) => x.CaseNumber == y.CaseNumber,
        (CourtOrderIssued x, CourtOrderIssued y) => x.OrderId == y.OrderId,
        (RecountRequested x, RecountRequested y) => x.Requester == y.Requester,
        (RecountStarted x, RecountStarted y) => x.Method == y.Method,
        (RecountCompleted x, RecountCompleted y) => x.TallyHash == y.TallyHash,
        (AuditResultRecorded x, AuditResultRecorded y) => x.Kind == y.Kind && x.Outcome == y.Outcome,
        (ElectorsAppointed x, ElectorsAppointed y) => CastElectoralVotes.UnitKey(x.Unit) == CastElectoralVotes.UnitKey(y.Unit)
            && x.Candidate == y.Candidate && x.Electors == y.Electors,
        (ElectorVotesCast x, ElectorVotesCast y) => CastElectoralVotes.UnitKey(x.Unit) == CastElectoralVotes.UnitKey(y.Unit)
            && x.Electors == y.Electors && SameCounts(x.Votes, y.Votes),
        (CongressCounted x, CongressCounted y) => SameCounts(x.Votes, y.Votes),
        _ => false,
    };

    // Desks are named as the rules name them, in any case (AP, ap), as called and called_by_majority read them.
    private static bool SameDesk(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static bool SameCounts(ImmutableArray<NamedCount> a, ImmutableArray<NamedCount> b) =>
        a.OrderBy(c => c.Id, StringComparer.Ordinal).SequenceEqual(b.OrderBy(c => c.Id, StringComparer.Ordinal));

    /// <summary>The fact as the duplicate's message names it.</summary>
    private static string Describe(IContestFact fact) => fact switch
    {
        RaceCalled c => $"{c.Caller}'s call of {c.Winner}",
        RaceCallRetracted r => $"{r.Caller}'s retraction of its call",
        ConcessionMade m => $"{m.Candidate}'s concession",
        ConcessionWithdrawn w => $"The withdrawal of {w.Candidate}'s concession",
        LegalChallengeFiled f => $"The filing of case {f.CaseNumber} in {f.Court}",
        LegalChallengeRuled r => $"The ruling ({r.Outcome}) of {r.Court} in case {r.CaseNumber}",
        LegalChallengeAppealed a => $"The appeal of case {a.CaseNumber} to {a.Court}",
        LegalChallengeClosed c => $"The closing of case {c.CaseNumber}",
        CourtOrderIssued o => $"Order {o.OrderId}",
        RecountRequested r => $"{r.Requester}'s recount request",
        RecountStarted r => $"The start of a {r.Method} recount",
        RecountCompleted r => $"The recount's tally {r.TallyHash[..Math.Min(12, r.TallyHash.Length)]}",
        AuditResultRecorded a => $"The {a.Kind} audit's result ({a.Outcome})",
        ElectorsAppointed e => $"The appointment of {e.Unit}'s {e.Electors} electors for {e.Candidate}",
        ElectorVotesCast v => $"The record of {v.Unit}'s {v.Electors} electors' votes",
        CongressCounted => "Congress's count of the electoral votes",
        _ => fact.GetType().Name,
    };

    /// <summary>One desk's calls and retractions: the sequence whose steps take turns.</summary>
    private static Func<IContestFact, bool> DeskSteps(string desk) =>
        f => f is RaceCalled x ? SameDesk(x.Caller, desk) : f is RaceCallRetracted r && SameDesk(r.Caller, desk);

    /// <summary>One candidate's concessions and withdrawals: the sequence whose steps take turns.</summary>
    private static Func<IContestFact, bool> ConcessionSteps(string candidate) =>
        f => f is ConcessionMade x ? x.Candidate == candidate : f is ConcessionWithdrawn w && w.Candidate == candidate;

    /// <summary>The steps of one sequence next to where <paramref name="fact"/> would go: the last at or before its time and
    /// the first after it, in order of time, then log position (it is logged after every fact of its own time).</summary>
    private (PositionedFact? Before, PositionedFact? After) Neighbours(IContestFact fact, Func<IContestFact, bool> sameSequence)
    {
        PositionedFact? before = null;
        foreach (var pf in FactsOf(fact.Contest))
        {
            if (!sameSequence(pf.Fact))
            {
                continue;
            }

            if (pf.Fact.At > fact.At)
            {
                return (before, pf);
            }

            before = pf;
        }

        return (before, null);
    }

    /// <summary>Checks the duplicate and the turn-taking rules; true when the fact is a duplicate, which makes every other
    /// check moot.</summary>
    private bool CheckRepeats(IContestFact fact, Action<string, string, string> bad)
    {
        if (EarlierRecordOf(fact) is { } earlier)
        {
            bad(ProblemCodes.DuplicateId, "at", $"{Describe(fact)} at {When(fact.At)} is recorded already (log position {earlier.Position}); nothing to record again.");
            return true;
        }

        switch (fact)
        {
            case RaceCalled c:
            {
                // A desk's calls and retractions take turns: a call stands until its retraction.
                var (before, after) = Neighbours(c, DeskSteps(c.Caller));
                if (before is { Fact: RaceCalled standing })
                {
                    bad(ProblemCodes.Inconsistent, "caller", standing.Winner == c.Winner
                        ? $"{standing.Caller}'s call of {standing.Winner} at {When(standing.At)} stands (log position {before.Position}): a desk calls a contest again only after retracting its call (retract-call)."
                        : $"{standing.Caller} called {standing.Winner} at {When(standing.At)} (log position {before.Position}) and has not retracted: record the retraction (retract-call) before its call of {c.Winner}.");
                }

                if (after is { Fact: RaceCalled next })
                {
                    bad(ProblemCodes.Inconsistent, "at", $"{next.Caller} calls {next.Winner} at {When(next.At)} (log position {after.Position}) with no retraction between: this call would still stand then.");
                }

                break;
            }

            case RaceCallRetracted r:
            {
                var (before, after) = Neighbours(r, DeskSteps(r.Caller));
                if (before is not { Fact: RaceCalled })
                {
                    var retracted = before is { } b ? $" (it retracted its call at {When(b.Fact.At)}, log position {b.Position})" : "";
                    bad(ProblemCodes.Inconsistent, "caller", $"{r.Caller} has no call standing in contest '{r.Contest}' to retract{retracted}.");
                }
                else if (after is { Fact: RaceCallRetracted later })
                {
                    bad(ProblemCodes.Inconsistent, "at", $"{later.Caller}'s call is retracted at {When(after.Fact.At)} (log position {after.Position}) with no call between: this retraction would leave that one nothing to retract.");
                }

                break;
            }

            case ConcessionMade m:
            {
                // A candidate's concessions and withdrawals take turns, as a desk's calls and retractions do.
                var (before, after) = Neighbours(m, ConcessionSteps(m.Candidate));
                if (before is { Fact: ConcessionMade standing })
                {
                    bad(ProblemCodes.Inconsistent, "candidate", $"{m.Candidate}'s concession at {When(standing.At)} stands (log position {before.Position}): a candidate concedes again only after withdrawing (withdraw-concession).");
                }

                if (after is { Fact: ConcessionMade })
                {
                    bad(ProblemCodes.Inconsistent, "at", $"{m.Candidate} concedes at {When(after.Fact.At)} (log position {after.Position}) with no withdrawal between: this concession would still stand then.");
                }

                break;
            }

            case ConcessionWithdrawn w:
            {
                var (before, after) = Neighbours(w, ConcessionSteps(w.Candidate));
                if (before is not { Fact: ConcessionMade })
                {
                    var withdrawn = before is { } b ? $" (it was withdrawn at {When(b.Fact.At)}, log position {b.Position})" : "";
                    bad(ProblemCodes.Inconsistent, "candidate", $"'{w.Candidate}' has no concession standing in contest '{w.Contest}' to withdraw{withdrawn}.");
                }
                else if (after is { Fact: ConcessionWithdrawn })
                {
                    bad(ProblemCodes.Inconsistent, "at", $"{w.Candidate}'s concession is withdrawn at {When(after.Fact.At)} (log position {after.Position}) with no concession between: this withdrawal would leave that one nothing to withdraw.");
                }

                break;
            }

            case CourtOrderIssued o when FactsOf(o.Contest).FirstOrDefault(pf => pf.Fact is CourtOrderIssued x && x.OrderId == o.OrderId) is { } same:
            {
                // An order id names one order: a later order's --lifts could not say which.
                var x = (CourtOrderIssued)same.Fact;
                bad(ProblemCodes.DuplicateId, "orderId", $"Order {o.OrderId} is recorded already (log position {same.Position}: {x.Effect} by {x.Court} at {When(x.At)}); an order id names one order.");
                break;
            }

            case CongressCounted cc when FactsOf(cc.Contest).FirstOrDefault(pf => pf.Fact is CongressCounted x && x.At != cc.At) is { } counted:
                // The joint session counts once. A mistyped count is corrected by a record at the same time, which replaces it.
                bad(ProblemCodes.Inconsistent, "at", $"Congress counted the electoral votes at {When(counted.Fact.At)} (log position {counted.Position}); it counts once. "
                    + "A correction of the votes is recorded at that time, and replaces them.");
                break;
        }

        return false;
    }
}
