using System.Globalization;
using System.Text.Json;
using Canvass.Audit.Workflow;
using Canvass.Cli.Audit;
using Canvass.Cli.Common;
using Canvass.Domain;
using Canvass.Domain.Audits;
using Canvass.Domain.Events;
using Canvass.Storage.Serialization;

namespace Canvass.Cli.Verification;

/// <summary>What <c>canvass audit create</c> fixed is what the log gave it: every audited contest's reported outcome
/// (votes per selection, the counties its votes came from, the manifest ballots there, winners and votes allowed),
/// re-derived from the count as it stood when the audit was created; the CVR imports and manifests it names; a
/// batch-comparison audit's reported batch tallies, counted again from the committed CVRs; and a hybrid audit's strata.
/// The whole audit measures against these, so without this check an operator could log a wider margin, or batch tallies
/// that agree with the paper, and every later round would verify.</summary>
internal static class AuditCreationCheck
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Null when the event is not one of the audit's creation, or holds; otherwise the failure.</summary>
    /// <param name="state">The audit as the log stood before the event.</param>
    /// <param name="e">The event.</param>
    /// <param name="inputs">The count at the audit's creation and the batch tallies counted again.</param>
    public static string? Check(AuditState state, IEvent e, ClosingInputs inputs) => e switch
    {
        AuditCreated created when inputs.AtCreation is not null => Created(state, created, inputs),
        AuditBatchTalliesReported reported when inputs.BatchVotes is not null => BatchTallies(state, reported, inputs.BatchVotes),
        HybridStrataReported strata when inputs.AtCreation is not null && state.Audit is not null => Strata(state, strata, inputs),
        _ => null,
    };

    private static string? Created(AuditState state, AuditCreated created, ClosingInputs inputs)
    {
        foreach (var logged in created.Contests)
        {
            var result = inputs.AtCreation!.Contests.FirstOrDefault(r => r.ContestId.Value == logged.Contest);
            if (result is null)
            {
                return $"the audit's contest {logged.Contest} is not a contest of the election";
            }

            var problems = new List<Problem>();
            var counted = AuditContests.Build(inputs.Index.Definition, result, logged.Targeted, state, created.AuditType, problems);
            if (problems.Count > 0)
            {
                return $"the audit of {logged.Contest} could not have been created from the log as it stood: {problems[0].Message}";
            }

            if (Json(created with { Contests = [counted!] }) != Json(created with { Contests = [logged] }))
            {
                return $"the audit's reported outcome of {logged.Contest} is not what the count gave when the audit was created: {Describe(counted!)} re-derived, {Describe(logged)} logged";
            }
        }

        string[] imports = [.. state.CvrImports.Select(i => i.ImportId)];
        if (!created.CvrImports.SequenceEqual(imports, StringComparer.Ordinal))
        {
            return $"the audit names the CVR imports {List(created.CvrImports)}, but {List(imports)} were committed when it was created";
        }

        var counties = created.Contests.SelectMany(a => a.Counties).Distinct();
        string[] manifests = [.. counties.Select(c => state.Manifests[c].ImportId).Distinct().Order(StringComparer.Ordinal)];
        return created.ManifestImports.SequenceEqual(manifests, StringComparer.Ordinal)
            ? null
            : $"the audit names the manifests {List(created.ManifestImports)}, but its counties' committed manifests are {List(manifests)}";
    }

    private static string? BatchTallies(AuditState state, AuditBatchTalliesReported reported, BatchVoteCounter votes)
    {
        var counted = votes.Report(state);
        if (counted.Length != reported.Batches.Length)
        {
            return $"the audit's reported batch tallies list {reported.Batches.Length.ToString(C)} contest batches, but its contests' manifests have {counted.Length.ToString(C)}";
        }

        foreach (var (expected, logged) in counted.Zip(reported.Batches))
        {
            if (Json(reported with { Batches = [expected] }) != Json(reported with { Batches = [logged] }))
            {
                return $"the reported tally of {logged.Contest} in batch {logged.Batch} of {logged.County} is not what its committed CVRs give: "
                    + $"{Describe(expected)} counted, {Describe(logged)} logged";
            }
        }

        return null;
    }

    private static string? Strata(AuditState state, HybridStrataReported reported, ClosingInputs inputs)
    {
        var problems = new List<Problem>();
        var counted = HybridAudit.ReportStrata(state, inputs.AtCreation!, state.Audit!.Contests, problems);
        if (problems.Count > 0)
        {
            return $"the hybrid audit could not have been created from the log as it stood: {problems[0].Message}";
        }

        if (counted.Length != reported.Strata.Length)
        {
            return $"the hybrid audit's strata list {reported.Strata.Length.ToString(C)} strata, but its contests have {counted.Length.ToString(C)}";
        }

        foreach (var (expected, logged) in counted.Zip(reported.Strata))
        {
            if (Json(reported with { Strata = [expected] }) != Json(reported with { Strata = [logged] }))
            {
                return $"the {logged.Stratum} stratum of {logged.Contest} is not what the count gave when the audit was created: "
                    + $"{Describe(expected.Votes)} in {expected.Ballots.ToString(C)} ballots of {List(expected.Counties)} re-derived, "
                    + $"{Describe(logged.Votes)} in {logged.Ballots.ToString(C)} ballots of {List(logged.Counties)} logged";
            }
        }

        return null;
    }

    private static string Json(AuditCreated e) => JsonSerializer.Serialize(e, CanvassJsonContext.Default.AuditCreated);

    private static string Json(AuditBatchTalliesReported e) => JsonSerializer.Serialize(e, CanvassJsonContext.Default.AuditBatchTalliesReported);

    private static string Json(HybridStrataReported e) => JsonSerializer.Serialize(e, CanvassJsonContext.Default.HybridStrataReported);

    private static string Describe(AuditedContest c) =>
        $"{Describe(c.Choices)}, {c.Ballots.ToString(C)} ballots in {List(c.Counties)}, {Quantity.Of(c.NumWinners, "winner")}, {Quantity.Of(c.VotesAllowed, "vote")} allowed"
        + (c.Targeted ? "" : ", opportunistic");

    private static string Describe(ReportedBatchTally t) => $"{Describe(t.Votes)} in {t.Ballots.ToString(C)} ballots";

    private static string Describe(IEnumerable<ReportedChoice> votes) =>
        votes.Any() ? string.Join(" ", votes.Select(v => $"{v.Selection} {v.Votes.ToString(C)}")) : "no votes";

    private static string List(IEnumerable<string> items) => items.Any() ? string.Join(", ", items) : "none";
}
