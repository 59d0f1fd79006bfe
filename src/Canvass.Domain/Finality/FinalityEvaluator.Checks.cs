using System.Collections.Immutable;
using Canvass.Domain.Elections;
using Canvass.Domain.Electoral;
using Canvass.Domain.Facts;

namespace Canvass.Domain.Finality;

// Checks a fact before it is recorded, against the election, the facts recorded so far and the jurisdiction's rules.
public sealed partial class FinalityEvaluator
{
    /// <summary>Every reason the fact may not be recorded; empty when it may.</summary>
    public ImmutableArray<Problem> Check(IContestFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        var problems = new List<Problem>();
        void Bad(string code, string path, string message) => problems.Add(new Problem(code, message, null, null, path));

        if (!_contests.TryGetValue(fact.Contest, out var contest))
        {
            Bad(ProblemCodes.UnknownReference, "contest", $"No contest '{fact.Contest}'. Contests: {string.Join(", ", _contests.Keys)}.");
            return [.. problems];
        }

        if (string.IsNullOrWhiteSpace(fact.Source))
        {
            Bad(ProblemCodes.Schema, "source", "Say who reports the fact (--source).");
        }

        if (CheckRepeats(fact, Bad))
        {
            return [.. problems];
        }

        var rules = RulesFor(fact.Contest);
        var s = FactSnapshot.At(FactsOf(fact.Contest), fact.At);
        var candidates = Candidates(contest);
        void Candidate(string id, string path)
        {
            if (candidates.Count == 0)
            {
                Bad(ProblemCodes.UnknownReference, path, $"Contest '{contest.Id}' has no candidates (a ballot measure's selections are answers, not candidates): '{id}' cannot be named here.");
            }
            else if (!candidates.Contains(id))
            {
                Bad(ProblemCodes.UnknownReference, path, $"'{id}' is not a candidate in contest '{contest.Id}'. Candidates: {string.Join(", ", candidates.Order(StringComparer.Ordinal))}.");
            }
        }

        void Tally(ImmutableArray<NamedCount> tally, string hash)
        {
            if (tally.IsDefaultOrEmpty)
            {
                Bad(ProblemCodes.Schema, "votes", "A tally needs the votes of at least one selection.");
                return;
            }

            var selections = contest.Selections.Select(x => x.Id.Value).ToHashSet(StringComparer.Ordinal);
            foreach (var t in tally)
            {
                if (!selections.Contains(t.Id))
                {
                    Bad(ProblemCodes.UnknownReference, "votes", $"'{t.Id}' is not a selection of contest '{contest.Id}'. Selections: {string.Join(", ", selections)}.");
                }

                if (t.Votes < 0)
                {
                    Bad(ProblemCodes.BadCount, "votes", $"The votes of '{t.Id}' are negative.");
                }
            }

            foreach (var dup in tally.GroupBy(t => t.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                Bad(ProblemCodes.DuplicateId, "votes", $"'{dup.Key}' is given twice.");
            }

            if (!string.Equals(hash, TallyHash.Compute(fact.Contest, tally), StringComparison.Ordinal))
            {
                Bad(ProblemCodes.Inconsistent, "tallyHash", "The tally hash is not the hash of the tally.");
            }
        }

        var recountRule = rules.Select(r => r.RecountFor(Definition.EndDate)).FirstOrDefault(r => r is not null);
        void RequiresCertification(string what)
        {
            if (recountRule is { RequiresCertification: true } && s.LatestCertification() is null)
            {
                Bad(ProblemCodes.Inconsistent, "contest",
                    $"{what} for contest '{fact.Contest}', which was never certified: the rules require certification first ({recountRule.Citation}).");
            }
        }

        switch (fact)
        {
            case RaceCalled c:
                if (string.IsNullOrWhiteSpace(c.Caller))
                {
                    Bad(ProblemCodes.Schema, "caller", "Name the decision desk that called it (--caller).");
                }

                Candidate(c.Winner, "winner");
                break;
            case ConcessionMade m:
                Candidate(m.Candidate, "candidate");
                break;
            case LegalChallengeFiled f:
                if (s.Challenges.TryGetValue(f.CaseNumber, out var existing) && existing.Open)
                {
                    Bad(ProblemCodes.DuplicateId, "case", $"Case {f.CaseNumber} is already pending (its last step at log position {existing.Position}).");
                }

                break;
            case LegalChallengeRuled or LegalChallengeAppealed or LegalChallengeClosed:
            {
                var number = fact switch
                {
                    LegalChallengeRuled r => r.CaseNumber,
                    LegalChallengeAppealed a => a.CaseNumber,
                    _ => ((LegalChallengeClosed)fact).CaseNumber,
                };
                if (!s.Challenges.TryGetValue(number, out var challenge))
                {
                    Bad(ProblemCodes.UnknownReference, "case", $"No challenge {number} was filed in contest '{fact.Contest}' before {When(fact.At)}; record it with 'canvass record challenge' first.");
                }
                else if (fact is LegalChallengeClosed && !challenge.Open)
                {
                    Bad(ProblemCodes.Inconsistent, "case", $"Case {number} is already closed.");
                }

                break;
            }

            case CourtOrderIssued o:
                if (!OrderEffects.Contains(o.Effect))
                {
                    Bad(ProblemCodes.BadValue, "effect", $"Unknown effect '{o.Effect}'. Effects: {string.Join(", ", OrderEffects)}.");
                }
                else if (o.Effect == "lift" && (o.Lifts is null || !s.Orders.ContainsKey(o.Lifts)))
                {
                    Bad(ProblemCodes.UnknownReference, "lifts", $"A lifting order names an order in effect (--lifts); '{o.Lifts}' is not one.");
                }

                if (o.CaseNumber is not null && !s.Challenges.ContainsKey(o.CaseNumber))
                {
                    Bad(ProblemCodes.UnknownReference, "case", $"No challenge {o.CaseNumber} was filed in contest '{o.Contest}'.");
                }

                break;
            case RecountRequested:
                RequiresCertification("A recount request");
                // Against the certification a recount is requested of: the latest that is not itself a recertification
                // (a recount's recertification opens no new window), as deadlines and the recount trigger read it.
                if (recountRule is not null && s.OriginalCertification() is { } cert && problems.Count == 0)
                {
                    var a = Canvass.Domain.Jurisdictions.RecountAssessment.Of(recountRule, cert.Certification.Tally);
                    if (!a.Qualifies && !recountRule.Automatic)
                    {
                        Bad(ProblemCodes.Inconsistent, "contest", "No recount can be requested: " + a.Describe() + ".");
                    }

                    var j = rules.First(r => r.RecountFor(Definition.EndDate) is not null);
                    var certDay = j.DayOf(cert.Certification.At);
                    if (recountRule.Window?.Resolve(Definition.EndDate, n => Anchor(rules, n, certDay, 0), j.HolidayDates) is { } last && fact.At >= j.EndOf(last))
                    {
                        Bad(ProblemCodes.Inconsistent, "at", $"The window to request a recount closed at {When(j.EndOf(last))} ({recountRule.Citation}).");
                    }
                }

                break;
            case RecountStarted:
                RequiresCertification("A recount");
                break;
            case RecountCompleted rc:
                RequiresCertification("A recount result");
                if (problems.Count == 0 && s.OpenRecount is null && !RecountTrigger(new EvaluationContext(this, fact.Contest, rules, s, fact.At)).Triggered)
                {
                    Bad(ProblemCodes.Inconsistent, "contest", $"No recount of contest '{rc.Contest}' was requested, started or triggered.");
                }

                Tally(rc.Tally, rc.TallyHash);
                break;
            case ContestCertified cc:
                Tally(cc.Tally, cc.TallyHash);
                CheckCertification(cc, rules, s, Bad);
                break;
            case AuditResultRecorded a:
                if (a.Outcome is not ("passed" or "escalated" or "failed"))
                {
                    Bad(ProblemCodes.BadValue, "outcome", $"An audit outcome is passed, escalated or failed, not '{a.Outcome}'.");
                }

                break;
            case ElectorsAppointed e:
                Candidate(e.Candidate, "candidate");
                if (e.Electors < 1)
                {
                    Bad(ProblemCodes.BadCount, "electors", "A unit has at least one elector.");
                }

                break;
            case ElectorVotesCast v:
                // A later record of a unit replaces the earlier one (a mistyped count must be correctable in an
                // append-only log), so it may not be timed before the record it replaces: that one would still count.
                // GA and GA-at-large are one unit, as the count and canvass electoral key them.
                var unit = CastElectoralVotes.UnitKey(v.Unit);
                if (FactsOf(v.Contest).Select(f => f.Fact).OfType<ElectorVotesCast>()
                        .FirstOrDefault(x => CastElectoralVotes.UnitKey(x.Unit) == unit && x.At > v.At) is { } later)
                {
                    var alias = string.Equals(later.Unit, v.Unit, StringComparison.Ordinal) ? "" : $" (as {later.Unit})";
                    Bad(ProblemCodes.Inconsistent, "at", $"The electors' votes of {v.Unit} are already recorded{alias} at {When(later.At)}; a record that replaces them must not be earlier.");
                }

                // Votes are recorded as cast: a faithless elector may vote for someone who is on no ballot.
                foreach (var vote in v.Votes.Where(x => string.IsNullOrWhiteSpace(x.Id)))
                {
                    Bad(ProblemCodes.BadValue, "votes", "An electoral vote names nobody.");
                }

                if (v.Votes.Sum(x => x.Votes) > v.Electors || v.Votes.Any(x => x.Votes < 0))
                {
                    Bad(ProblemCodes.BadCount, "votes", $"{v.Unit} has {v.Electors} electors; the votes cast add up to {v.Votes.Sum(x => x.Votes)}.");
                }

                break;
            case CongressCounted cc:
                foreach (var vote in cc.Votes)
                {
                    Candidate(vote.Id, "votes");
                }

                break;
        }

        CheckInputs(fact, Bad);
        return [.. problems];
    }

    /// <summary>Court order effects <c>canvass record order</c> accepts.</summary>
    public static IReadOnlyList<string> OrderEffects { get; } = ["halt-certification", "segregate-ballots", "count-category", "exclude-category", "recount", "other", "lift"];

    private static HashSet<string> Candidates(Contest contest)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sel in contest.Selections)
        {
            foreach (var id in sel.CandidateIds)
            {
                set.Add(id.Value);
            }
        }

        return set;
    }

    private static void CheckCertification(ContestCertified cc, IReadOnlyList<Jurisdictions.JurisdictionRules> rules, FactSnapshot s, Action<string, string, string> bad)
    {
        var bodies = rules.SelectMany(r => r.CertifyingBodies).ToList();
        var body = bodies.FirstOrDefault(b => string.Equals(b.Id, cc.Body, StringComparison.Ordinal));
        if (body is null)
        {
            bad(ProblemCodes.UnknownReference, "body",
                bodies.Count == 0
                    ? $"The rules name no certifying body for contest '{cc.Contest}'."
                    : $"'{cc.Body}' is not a certifying body of contest '{cc.Contest}'. Bodies: {string.Join(", ", bodies.Select(b => $"{b.Id} ({b.Level})"))}.");
            return;
        }

        if (!string.Equals(body.Level, cc.Level, StringComparison.Ordinal))
        {
            bad(ProblemCodes.Inconsistent, "level", $"{body.Name} certifies at {body.Level} level, not {cc.Level}.");
        }

        var valid = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sig in cc.Signatures)
        {
            var official = body.Officials.FirstOrDefault(o => string.Equals(o.Id, sig.Official, StringComparison.Ordinal));
            if (official is null)
            {
                bad(ProblemCodes.UnknownReference, "signatures",
                    $"'{sig.Official}' is not a certifying official of {body.Name}. Officials: {string.Join(", ", body.Officials.Select(o => o.Id))}.");
            }
            else if (!CertificationSignatures.Verify(official.PublicKey, cc.TallyHash, sig.Signature))
            {
                bad(ProblemCodes.Inconsistent, "signatures", $"The signature of '{sig.Official}' is not a valid Ed25519 signature of {official.Name} over tally {cc.TallyHash}.");
            }
            else if (!valid.Add(official.Id))
            {
                bad(ProblemCodes.DuplicateId, "signatures", $"'{sig.Official}' signed twice.");
            }
        }

        if (valid.Count < body.Required)
        {
            bad(ProblemCodes.Inconsistent, "signatures",
                $"{body.Name} certifies with {body.Required} of {body.Officials.Length} officials' signatures; {valid.Count} valid {(valid.Count == 1 ? "signature" : "signatures")} given ({body.Citation}).");
        }

        // The same certification recorded again (a script run twice) would count as its own recertification.
        var same = s.Certifications.FindIndex(x => x.Certification.At == cc.At && string.Equals(x.Certification.Level, cc.Level, StringComparison.Ordinal)
            && string.Equals(x.Certification.Body, cc.Body, StringComparison.Ordinal) && string.Equals(x.Certification.TallyHash, cc.TallyHash, StringComparison.Ordinal));
        if (same >= 0)
        {
            bad(ProblemCodes.DuplicateId, "at", $"{body.Name} certified this tally ({cc.TallyHash[..12]}) at {When(cc.At)} already (log position {s.Certifications[same].Position}); "
                + "nothing to record again. A recertification has its own time.");
            return;
        }

        var before = s.LatestCertification(cc.Level);
        if (cc.Recertification != before is not null)
        {
            bad(ProblemCodes.Inconsistent, "recertification", before is null
                ? $"Contest '{cc.Contest}' was never certified at {cc.Level} level, so this is not a recertification."
                : $"Contest '{cc.Contest}' was certified at {cc.Level} level at {When(before.Value.Certification.At)}: this is a recertification.");
        }
    }
}
