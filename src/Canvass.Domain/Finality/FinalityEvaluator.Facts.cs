using System.Collections.Immutable;
using System.Globalization;
using Canvass.Domain.Facts;
using Canvass.Domain.Jurisdictions;

namespace Canvass.Domain.Finality;

// The meaning of each fact name (FinalityFacts), evaluated on a snapshot.
public sealed partial class FinalityEvaluator
{
    private Verdict Fact(EvaluationContext c, string name, string? arg)
    {
        var s = c.Facts;
        var label = arg is null ? name : $"{name}({arg})";
        Verdict V(bool value, string reason, params long[] positions) => new(value, [$"{label}: {reason}"], [.. positions]);

        switch (name)
        {
            case "called":
            {
                var standing = s.Desks.Where(d => d.Value.Retraction is null && d.Value.Call is not null
                    && (arg is null || string.Equals(d.Key, arg, StringComparison.OrdinalIgnoreCase))).ToList();
                return standing.Count > 0
                    ? V(true, string.Join("; ", standing.Select(d => $"{d.Key} called {d.Value.Call!.Winner} at {When(d.Value.Call.At)}")), [.. standing.Select(d => d.Value.Position)])
                    : V(false, arg is null ? "no decision desk's call stands" : $"{arg} has no call standing");
            }

            case "called_by_majority":
            {
                var desks = DecisionDesks(c.Rules);
                if (desks.Count == 0)
                {
                    return V(false, "the rules configure no decision desks");
                }

                var standing = s.Desks.Where(d => d.Value.Retraction is null && d.Value.Call is not null && desks.Contains(d.Key, StringComparer.OrdinalIgnoreCase)).ToList();
                var best = standing.GroupBy(d => d.Value.Call!.Winner, StringComparer.Ordinal).OrderByDescending(g => g.Count()).FirstOrDefault();
                var needed = desks.Count / 2 + 1;
                if (best is null)
                {
                    return V(false, $"none of the {desks.Count} decision desks ({string.Join(", ", desks)}) has called it; a majority is {needed}");
                }

                var count = best.Count();
                var who = string.Join(", ", best.Select(d => $"{d.Key} {When(d.Value.Call!.At)}"));
                return V(count >= needed, $"{count} of {desks.Count} decision desks call {best.Key} ({who}); a majority is {needed}", [.. best.Select(d => d.Value.Position)]);
            }

            case "call_retracted":
            {
                var retracted = s.Desks.Where(d => d.Value.Retraction is not null && (arg is null || string.Equals(d.Key, arg, StringComparison.OrdinalIgnoreCase))).ToList();
                return retracted.Count > 0
                    ? V(true, string.Join("; ", retracted.Select(d => $"{d.Key} retracted its call at {When(d.Value.Retraction!.At)}")), [.. retracted.Select(d => d.Value.Position)])
                    : V(false, "no decision desk has retracted a call");
            }

            case "conceded":
            {
                var standing = s.Concessions.Where(x => arg is null || string.Equals(x.Key, arg, StringComparison.Ordinal)).ToList();
                return standing.Count > 0
                    ? V(true, string.Join("; ", standing.Select(x => $"{x.Key} conceded at {When(x.Value.Concession.At)} ({x.Value.Concession.Source})")), [.. standing.Select(x => x.Value.Position)])
                    : V(false, arg is null ? "no candidate has conceded" : $"{arg} has not conceded");
            }

            case "certified":
            case "recertified":
            {
                var latest = s.LatestCertification(arg);
                if (latest is not { } cert)
                {
                    return V(false, arg is null ? "not certified" : $"not certified at {arg} level");
                }

                var (cc, pos, recertification) = cert;
                if (s.SupersededByRecount(cert))
                {
                    return V(false, $"the tally certified by {cc.Body} at {When(cc.At)} is superseded by the recount completed at {When(s.LastRecount!.Value.Recount.At)}, not yet certified", pos, s.LastRecount.Value.Position);
                }

                var what = $"{(recertification ? "recertified" : "certified")} at {cc.Level} level by {cc.Body} at {When(cc.At)} ({cc.Signatures.Length} signature{(cc.Signatures.Length == 1 ? "" : "s")}, tally {cc.TallyHash[..12]})";
                return name == "recertified" && !recertification ? V(false, "certified once, not recertified: " + what, pos) : V(true, what, pos);
            }

            case "recount_triggered":
            {
                var t = RecountTrigger(c);
                return V(t.Triggered, t.Reason, t.Positions);
            }

            case "recount_pending":
            {
                if (s.OpenRecount is { } open)
                {
                    var what = open.Fact switch
                    {
                        RecountRequested r => $"recount requested by {r.Requester} at {When(r.At)}",
                        RecountStarted r => $"recount started at {When(r.At)}",
                        RecountCompleted r => $"recount completed at {When(r.At)}",
                        _ => "recount open",
                    };
                    var last = s.LastRecount is { } lr ? $"; completed at {When(lr.Recount.At)}, awaiting recertification" : "";
                    return V(true, what + last, open.Position);
                }

                var t = RecountTrigger(c);
                var completedSince = t.Triggered && s.OriginalCertification() is { } triggering && s.SupersededByRecount(triggering);
                if (t.Triggered && !completedSince)
                {
                    return V(true, "automatic recount: " + t.Reason, t.Positions);
                }

                // No recount open: one that completed was recertified (a recertification after it closes it).
                return s.LastRecount is { } done && s.LatestCertification() is { } recertified
                    ? V(false, $"the recount completed at {When(done.Recount.At)} was recertified at {When(recertified.Certification.At)}", done.Position, recertified.Position)
                    : V(false, "no recount requested, started or triggered");
            }

            case "challenge_pending":
            {
                var open = s.Challenges.Where(x => x.Value.Open && (arg is null || string.Equals(x.Key, arg, StringComparison.Ordinal))).ToList();
                var closed = s.Challenges.Where(x => !x.Value.Open && (arg is null || string.Equals(x.Key, arg, StringComparison.Ordinal))).ToList();
                return open.Count > 0
                    ? V(true, string.Join("; ", open.Select(x => x.Key + x.Value.Last switch
                        {
                            // Only a filing starts the wait; after a ruling or an appeal, say which step it was.
                            LegalChallengeRuled r => $" pending: ruled ({r.Outcome}) by {r.Court} at {When(r.At)}",
                            LegalChallengeAppealed a => $" pending: appealed to {a.Court} at {When(a.At)}",
                            var filed => $" pending since {When(filed.At)}",
                        })), [.. open.Select(x => x.Value.Position)])
                    : V(false, closed.Count > 0 ? "every challenge is closed: " + string.Join("; ", closed.Select(x => $"{x.Key} closed at {When(x.Value.Last.At)}")) : "no legal challenge filed",
                        [.. closed.Select(x => x.Value.Position)]);
            }

            case "court_order_in_effect":
            {
                var orders = s.Orders.Where(x => arg is null || string.Equals(x.Value.Order.Effect, arg, StringComparison.Ordinal)).ToList();
                return orders.Count > 0
                    ? V(true, string.Join("; ", orders.Select(x => $"order {x.Key} ({x.Value.Order.Effect}) of {x.Value.Order.Court} since {When(x.Value.Order.At)}")), [.. orders.Select(x => x.Value.Position)])
                    : V(false, "no court order in effect");
            }

            case "audit_passed":
                return s.LastAudit is { } audit
                    ? V(string.Equals(audit.Audit.Outcome, "passed", StringComparison.Ordinal), $"{audit.Audit.Kind} audit {audit.Audit.Outcome} at {When(audit.Audit.At)}", audit.Position)
                    : V(false, "no audit result recorded");
            case "electors_appointed":
            case "electors_cast":
            {
                var total = TotalElectors(c.Rules);
                var units = name == "electors_cast"
                    ? s.Cast.Values.Select(v => (v.Fact.Unit, v.Fact.Electors, v.Fact.At, v.Position, v.First)).ToList()
                    : s.Appointed.Values.Select(v => (v.Fact.Unit, v.Fact.Electors, v.Fact.At, v.Position, v.First)).ToList();
                var sum = units.Sum(u => (long)u.Electors);
                if (total is not { } t)
                {
                    return V(false, "the rules give no total number of electors");
                }

                // A unit's electors voted (or were appointed) when its first record says; a later record corrects it. Naming
                // the correction's time as the last vote would contradict when the answer turned, which the first gives.
                var verb = name == "electors_cast" ? "voted" : "appointed";
                var last = units.Count > 0 ? $"; last at {When(units.Max(u => u.First))}" : "";
                var replaced = units.Where(u => u.At != u.First).OrderBy(u => u.At).ThenBy(u => u.Unit, StringComparer.Ordinal).Select(u => $"{u.Unit}'s record replaced at {When(u.At)}").ToList();
                var corrections = replaced.Count > 0 ? $" ({string.Join(", ", replaced)})" : "";
                return V(sum >= t, $"{sum} of {t} electors {verb} in {units.Count} units{last}{corrections}", [.. units.Select(u => u.Position)]);
            }

            case "congress_counted":
                return s.Congress is { } counted
                    ? V(true, $"counted at {When(counted.Fact.At)}: {string.Join(", ", counted.Fact.Votes.Select(v => $"{v.Id} {v.Votes.ToString(CultureInfo.InvariantCulture)}"))}", counted.Position)
                    : V(false, "Congress has not counted the electoral votes");
            case "contest_window_closed":
            {
                if (s.LatestCertification() is not { } cert)
                {
                    return V(false, "not certified: the window to contest it has not opened");
                }

                if (WindowCloses(c.Rules, cert.Certification) is not { } close)
                {
                    return V(false, "the rules give no contest window", cert.Position);
                }

                var citation = c.Rules.First(r => r.ContestWindow is not null).ContestWindow!.Citation;
                return c.At >= close
                    ? V(true, $"closed at {When(close)} ({citation})", cert.Position)
                    : V(false, $"open until {When(close)} ({citation})", cert.Position);
            }

            default:
                throw new InvalidOperationException("Unknown fact " + name);
        }
    }

    private static IReadOnlyList<string> DecisionDesks(IReadOnlyList<JurisdictionRules> rules) =>
        rules.FirstOrDefault(r => !r.DecisionDesks.IsDefaultOrEmpty)?.DecisionDesks ?? ImmutableArray<string>.Empty;

    private static int? TotalElectors(IReadOnlyList<JurisdictionRules> rules) => rules.FirstOrDefault(r => r.TotalElectors is not null)?.TotalElectors;

    private (bool Triggered, string Reason, long[] Positions) RecountTrigger(EvaluationContext c)
    {
        var rule = c.Rules.Select(r => r.RecountFor(Definition.EndDate)).FirstOrDefault(r => r is not null);
        if (c.Facts.OriginalCertification() is not { } cert)
        {
            return (false, "not certified", []);
        }

        if (rule is null)
        {
            return (false, "the rules have no recount rule", [cert.Position]);
        }

        var a = RecountAssessment.Of(rule, cert.Certification.Tally);
        return (rule.Automatic && a.Qualifies, a.Describe() + (rule.Automatic ? " (automatic)" : " (on request only)"), [cert.Position]);
    }
}
