using Canvass.Domain;
using Canvass.Storage;
using Canvass.Storage.Finality;
using Canvass.Storage.Subscriptions;

namespace Canvass.Cli.Commands;

/// <summary>Where subscriptions' flips come from: the finality evaluator, replaying the store
/// (<see cref="FinalityReader.FlipsAsync"/>).</summary>
internal static class FinalityFlips
{
    /// <summary>The flips of a policy for some contests in <paramref name="store"/>.</summary>
    public static FlipSource For(ICanvassStore store) => async (policy, contests, cancellationToken) =>
    {
        var flips = await FinalityReader.FlipsAsync(store, policy, contests, cancellationToken);
        return flips.IsSuccess
            ? Result<IReadOnlyList<FlipNotice>>.Success([.. flips.Value.Select(f => new FlipNotice(f.Contest, f.Policy, f.Final, f.At, f.Position, [.. f.Reasons]))])
            : Result<IReadOnlyList<FlipNotice>>.Failure(flips.Problems);
    };

    /// <summary>Checks that <paramref name="policy"/> is a built-in name or an expression that parses and names known facts.</summary>
    public static async Task<IReadOnlyList<Problem>> CheckPolicyAsync(ICanvassStore store, string policy, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(policy))
        {
            return [new Problem(ProblemCodes.BadValue, "The policy is empty; give a built-in policy name or an expression.", Path: "--policy")];
        }

        var flips = await For(store)(policy, null, cancellationToken);
        return flips.IsSuccess ? [] : [.. flips.Problems.Select(p => p with { Path = p.Path is null ? "--policy" : "--policy: " + p.Path })];
    }
}
