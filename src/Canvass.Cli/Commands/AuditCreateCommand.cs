using System.CommandLine;
using Canvass.Audit.Workflow;
using Canvass.Cli.Audit;
using Canvass.Cli.Common;
using Canvass.Cli.Imports;
using Canvass.Domain;
using Canvass.Domain.Audits;
using Canvass.Domain.Elections;
using Canvass.Domain.Events;
using Canvass.Storage;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass audit create --contest ID... [--opportunistic ID...] --type T --risk-limit N</c>.</summary>
internal static class AuditCreateCommand
{
    public static Command Create()
    {
        var contests = new Option<string[]>("--contest", "-c") { Description = "A targeted contest (id); repeat for more.", Required = true, AllowMultipleArgumentsPerToken = true };
        var opportunistic = new Option<string[]>("--opportunistic") { Description = "An opportunistic contest (id), measured from the targeted contests' sample.", AllowMultipleArgumentsPerToken = true };
        var type = new Option<string>("--type") { Description = "ballot-polling (BRAVO), ballot-comparison (SUPERSIMPLE), batch-comparison (MACRO) or hybrid (SUITE).", DefaultValueFactory = _ => AuditTypes.BallotPolling };
        type.AcceptOnlyFromAmong(AuditTypes.BallotPolling, AuditTypes.BallotComparison, AuditTypes.BatchComparison, AuditTypes.Hybrid);
        var riskLimit = new Option<int>("--risk-limit") { Description = "The risk limit in whole percent, 1 to 20.", Required = true };
        var id = new Option<string>("--id") { Description = "The audit's id.", DefaultValueFactory = _ => "audit-1" };
        return AuditCommand.Verb("create", "Create the audit: contests, type and risk limit. Needs the CVRs and ballot manifests committed first.", writes: true,
            [contests, opportunistic, type, riskLimit, id],
            async (parse, output, session, state, ct) =>
            {
                var auditType = parse.GetValue(type)!;
                var limit = parse.GetValue(riskLimit);
                var targeted = parse.GetValue(contests) ?? [];
                var extra = parse.GetValue(opportunistic) ?? [];
                var problems = new List<Problem>();
                if (state.Audit is not null)
                {
                    return output.Problem(ProblemCodes.Inconsistent, $"This store already has audit '{state.Audit.AuditId}' ({state.Status}); one audit per store.");
                }

                // The id names the audit in every event and in the source of its results ('canvass audit AUDIT-ID'): an
                // empty one, or one with space at an end, reads as no id at all.
                var auditId = parse.GetValue(id)!;
                if (string.IsNullOrWhiteSpace(auditId) || auditId.Trim().Length != auditId.Length)
                {
                    problems.Add(new Problem(ProblemCodes.BadValue, $"The audit id '{auditId}' is empty or starts or ends with a space: give a visible id such as audit-1.", Path: "--id"));
                }

                if (limit is < 1 or > 20)
                {
                    problems.Add(new Problem(ProblemCodes.BadValue, $"The risk limit {limit}% is out of range: use a whole percent from 1 to 20.", Path: "--risk-limit"));
                }

                foreach (var c in targeted.Concat(extra).GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1))
                {
                    problems.Add(new Problem(ProblemCodes.DuplicateId, $"Contest {c.Key} is named more than once.", Path: "--contest"));
                }

                foreach (var c in targeted.Concat(extra).Distinct(StringComparer.Ordinal))
                {
                    if (!session.Index.TryGetContest(new ContestId(c), out int position))
                    {
                        problems.Add(new Problem(ProblemCodes.UnknownReference, $"No contest '{c}' in the election.", Path: "--contest"));
                    }
                    else if (session.Definition!.Contests[position].VoteVariation == VoteVariation.Rcv)
                    {
                        problems.AddRange(RankedChoiceAudit.CheckCreate(session, session.Definition!.Contests[position], auditType));
                    }
                    else if (AuditContests.RuleNotAudited(session.Definition!.Contests[position]) is { } rule)
                    {
                        problems.Add(new Problem(ProblemCodes.Unsupported, $"Contest {c} cannot be audited: {rule}.", Path: "--contest"));
                    }
                }

                if (state.Manifests.IsEmpty)
                {
                    problems.Add(new Problem(ProblemCodes.Inconsistent, "No ballot manifest is committed. Import the manifests (and CVRs) before creating the audit: the seed must come after every input is fixed."));
                }

                if (problems.Count > 0)
                {
                    return output.Problems("The audit cannot be created; nothing was stored.", problems);
                }

                var tabulation = await Progress.RunAsync(output, "Tabulating", p => TabulationRunner.RunAsync(session, p, ct));
                var audited = new List<AuditedContest>();
                var ranked = new List<(AuditedContest, Domain.Tabulation.ContestResult)>();
                foreach (var (c, isTargeted) in targeted.Select(c => (c, true)).Concat(extra.Select(c => (c, false))))
                {
                    var result = tabulation.Contests.First(r => r.ContestId.Value == c);
                    if (AuditContests.Build(session.Definition!, result, isTargeted, state, auditType, problems) is { } contest)
                    {
                        problems.AddRange(AuditContests.CountiesBeyondManifests(contest, result, state));
                        if (RankedChoiceAudit.IsRanked(session.Definition!, c))
                        {
                            ranked.Add((contest, result));
                        }
                        else if (AuditMath.Unauditable(contest) is { } why && !TieToCountByHand(contest, targeted.Distinct(StringComparer.Ordinal).Count(), auditType))
                        {
                            var alone = AuditMath.IsTied(contest)
                                ? " A tied contest can be audited only as the one targeted contest of a ballot-polling or ballot-comparison audit, whose round is then a full hand tally."
                                : "";
                            problems.Add(new Problem(ProblemCodes.BadValue, $"Contest {c} cannot be audited: {why}.{alone}", Path: "--contest"));
                        }

                        audited.Add(contest);
                    }
                }

                // Every ranked contest's assertions come from one more pass over the stored ballots.
                var raire = ranked.Count == 0 ? [] : await RankedChoiceAudit.GenerateAsync(session, auditId, ranked, problems, ct);
                var reportedBatches = problems.Count == 0 && auditType == AuditTypes.BatchComparison
                    ? await BatchAudit.ReportAsync(session, state, audited, problems, ct)
                    : [];
                var strata = problems.Count == 0 && auditType == AuditTypes.Hybrid ? HybridAudit.ReportStrata(state, tabulation, audited, problems) : [];
                if (problems.Count > 0)
                {
                    return output.Problems("The audit cannot be created; nothing was stored.", problems);
                }

                var manifests = audited.SelectMany(a => a.Counties).Distinct().Select(c => state.Manifests[c].ImportId).Distinct().Order(StringComparer.Ordinal);
                var created = new AuditCreated(auditId, auditType, limit, [.. audited],
                    [.. state.CvrImports.Select(i => i.ImportId)], [.. manifests]);
                IEvent[] events = auditType == AuditTypes.BatchComparison ? [created, new AuditBatchTalliesReported(created.AuditId, reportedBatches)] : [created, .. raire];
                if (auditType == AuditTypes.Hybrid)
                {
                    events = [created, new HybridStrataReported(created.AuditId, strata)];
                }

                await session.Store.AppendAsync(Streams.Election, session.State.Version, events, null, ct);
                var after = events.Aggregate(state, AuditState.Apply);
                return AuditStatusCommand.Print(output, after, session.Definition!);
            });
    }

    /// <summary>A contest the reported count ties is audited the way Arlo allows it: as the one targeted contest of a
    /// ballot-polling or ballot-comparison audit, whose only option is then a full hand tally of its ballots. (Batch
    /// comparison and hybrid audits still refuse it.)</summary>
    private static bool TieToCountByHand(AuditedContest contest, int targeted, string auditType) =>
        contest.Targeted && targeted == 1 && (auditType is AuditTypes.BallotPolling or AuditTypes.BallotComparison) && AuditMath.IsTied(contest);
}
