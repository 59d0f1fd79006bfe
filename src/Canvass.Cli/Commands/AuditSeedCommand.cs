using System.CommandLine;
using Canvass.Audit.Workflow;
using Canvass.Cli.Audit;
using Canvass.Domain;
using Canvass.Domain.Events;
using Canvass.Storage;

namespace Canvass.Cli.Commands;

/// <summary><c>canvass audit seed --seed DIGITS</c>: sets the public random seed, once.</summary>
internal static class AuditSeedCommand
{
    public const int MinimumLength = 20;
    public const int MaximumLength = 100;

    public static Command Create()
    {
        var seed = new Option<string>("--seed") { Description = $"The public random seed: {MinimumLength} to {MaximumLength} printable characters, e.g. twenty rolls of a ten-sided die made in public.", Required = true };
        return AuditCommand.Verb("seed", "Set the audit's public random seed (once, after every CVR and manifest is committed and the audit is created).", writes: true, [seed],
            async (parse, output, session, state, ct) =>
            {
                var value = parse.GetValue(seed)!;
                if (AuditStore.RequireAudit(state) is { } none)
                {
                    return output.Problems("The seed cannot be set before the audit exists: create it once the CVRs and manifests are committed, so that the seed comes after every input is fixed.", [none]);
                }

                if (state.Seed is not null)
                {
                    return output.Problem(ProblemCodes.Inconsistent, $"The seed is already set ({state.Seed}); a second seed would let someone choose the sample.");
                }

                if (value.Length < MinimumLength || value.Length > MaximumLength || value.Any(char.IsControl))
                {
                    return output.Problems("The seed is not acceptable; nothing was stored.",
                        [new Problem(ProblemCodes.BadValue, $"The seed must be {MinimumLength} to {MaximumLength} printable characters (it has {value.Length}); roll a ten-sided die twenty times in public.", Path: "--seed")]);
                }

                var set = new AuditSeedSet(state.Audit!.AuditId, value);
                await session.Store.AppendAsync(Streams.Election, session.State.Version, [set], null, ct);
                return AuditStatusCommand.Print(output, AuditState.Apply(state, set), session.Definition!);
            });
    }
}
