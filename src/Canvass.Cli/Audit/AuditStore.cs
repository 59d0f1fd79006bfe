using Canvass.Audit.Workflow;
using Canvass.Domain;
using Canvass.Storage;

namespace Canvass.Cli.Audit;

/// <summary>Reads the audit's state from the election stream, and refuses imports the audit has locked.</summary>
internal static class AuditStore
{
    /// <summary>What the source of every result the store's audit logs itself starts with; the audit's id follows.</summary>
    private const string OwnResultSourcePrefix = "canvass audit ";

    /// <summary>The source of the results the audit <paramref name="auditId"/> logs itself (<c>audit-result-recorded</c>).</summary>
    public static string OwnResultSource(string auditId) => OwnResultSourcePrefix + auditId;

    /// <summary>Whether <paramref name="source"/> reads as the store's own audit's, of any id and in any case: such a
    /// source is the audit's alone, so that a reader of the log never mistakes a result reported by others for it.</summary>
    public static bool IsOwnResultSource(string source) => source.TrimStart().StartsWith(OwnResultSourcePrefix, StringComparison.OrdinalIgnoreCase);

    public static async Task<AuditState> LoadAsync(ICanvassStore store, CancellationToken ct)
    {
        var state = AuditState.Empty;
        await foreach (var e in store.ReadStreamAsync(Streams.Election, 1, ct))
        {
            state = AuditState.Apply(state, e.Event);
        }

        return state;
    }

    /// <summary>Once the audit exists, the reported outcome it checks is fixed (<c>audit create</c> logs it), and once the
    /// seed is public, so is the sample: any new input that could change an audited contest's count or its sampling frame
    /// would make the count differ from what the audit checks, or let someone choose an outcome after seeing which ballots
    /// are drawn.</summary>
    public static async Task<Problem?> LockedAsync(ICanvassStore store, IEnumerable<string> contests, IEnumerable<string> counties, string file, CancellationToken ct)
    {
        var state = await LoadAsync(store, ct);
        if (state.Audit is null)
        {
            return null;
        }

        var audited = state.Audit.Contests;
        var contest = contests.FirstOrDefault(c => audited.Any(a => a.Contest == c));
        var county = counties.FirstOrDefault(c => audited.Any(a => a.Counties.Contains(c)));
        if (contest is null && county is null)
        {
            return null;
        }

        var what = contest is not null ? $"contest {contest}" : $"county {county}";
        return new Problem(ProblemCodes.Inconsistent,
            $"Audit {state.Audit.AuditId} exists, so its inputs are locked: this file affects audited {what}. The audit fixed the reported outcome it checks when it was created; importing this now would change the count but not what the audit checks.",
            file);
    }

    /// <summary>Refuses CVRs for a county whose manifest is already committed: the manifest was checked against the
    /// county's CVRs as they were, and more CVRs would no longer match it batch by batch.</summary>
    public static async Task<Problem?> CvrRefusalAsync(ICanvassStore store, IEnumerable<string> contests, IReadOnlyCollection<string> counties, string file, CancellationToken ct)
    {
        if (await LockedAsync(store, contests, counties, file, ct) is { } locked)
        {
            return locked;
        }

        var state = await LoadAsync(store, ct);
        var county = counties.FirstOrDefault(state.Manifests.ContainsKey);
        return county is null
            ? null
            : new Problem(ProblemCodes.Inconsistent,
                $"The ballot manifest of {county} is already committed and was checked against its CVRs as they were. Import all of a county's CVRs first, then its manifest (a new manifest replaces the old).",
                file);
    }

    /// <summary>Problem if the store's audit does not exist. (The store has an election, so this is a step taken out of
    /// order, not a store without an election.)</summary>
    public static Problem? RequireAudit(AuditState state) =>
        state.Audit is null
            ? new Problem(ProblemCodes.Inconsistent, "This store has no audit. Create one with 'canvass audit create' after committing the CVRs and ballot manifests.")
            : null;

    /// <summary>The problem for a step that needs an open round when none is: what to do next depends on where the audit
    /// is, and an audit that is over takes no more entries or rounds.</summary>
    public static Problem NoOpenRound(AuditState state) =>
        new(ProblemCodes.Inconsistent,
            state.IsFinished
                ? $"The audit is over ({state.LastDecision}): no round is open, and no more are drawn. 'canvass audit status' shows its result, 'canvass audit report --out DIR' writes its report."
                : state.Seed is null
                    ? "No round is open: set the seed in public with 'canvass audit seed', then draw round 1 with 'canvass audit sample'."
                    : "No round is open: choose a size with 'canvass audit options' and draw the round with 'canvass audit sample'.");
}
