using System.CommandLine;
using System.Globalization;
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
        var seed = new Option<string>("--seed") { Description = $"The public random seed: {MinimumLength} to {MaximumLength} printable ASCII characters (single spaces between them allowed), e.g. twenty rolls of a ten-sided die made in public.", Required = true };
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

                if (Unacceptable(value) is { } why)
                {
                    return output.Problems("The seed is not acceptable; nothing was stored.", [new Problem(ProblemCodes.BadValue, why, Path: "--seed")]);
                }

                var set = new AuditSeedSet(state.Audit!.AuditId, value);
                await session.Store.AppendAsync(Streams.Election, session.State.Version, [set], null, ct);
                return AuditStatusCommand.Print(output, AuditState.Apply(state, set), session.Definition!);
            });
    }

    /// <summary>Why <paramref name="seed"/> cannot be the public seed, or null. Observers re-derive the sample from the
    /// seed as announced and displayed, so every character of it must be one they can see and type back: printable
    /// ASCII (U+0021 to U+007E), with single spaces between. A space at either end, two spaces in a row, a tab, a
    /// zero-width or other invisible character, or a letter that looks like an ASCII one would give a different
    /// sample from the same-looking text.</summary>
    public static string? Unacceptable(string seed)
    {
        var c = CultureInfo.InvariantCulture;
        if (seed.Length < MinimumLength || seed.Length > MaximumLength)
        {
            return $"The seed must be {MinimumLength.ToString(c)} to {MaximumLength.ToString(c)} characters (it has {seed.Length.ToString(c)}); roll a ten-sided die twenty times in public.";
        }

        for (var i = 0; i < seed.Length; i++)
        {
            var ch = seed[i];
            if (ch == ' ' && (i == 0 || i == seed.Length - 1 || seed[i - 1] == ' '))
            {
                return $"The seed has a space {(i == 0 ? "at its start" : i == seed.Length - 1 ? "at its end" : $"after another at character {(i + 1).ToString(c)}")}, which nobody reading it can see; spaces may only separate other characters, one at a time.";
            }

            if (ch is not (' ' or (>= '!' and <= '~')))
            {
                return $"The seed's character {(i + 1).ToString(c)} is U+{((int)ch).ToString("X4", c)}, which is not printable ASCII: a seed is letters, digits, punctuation and symbols of ASCII (U+0021 to U+007E) with single spaces between, so that what observers see is what was used.";
            }
        }

        return null;
    }
}
