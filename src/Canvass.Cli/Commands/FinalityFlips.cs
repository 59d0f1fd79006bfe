using Canvass.Domain;
using Canvass.Storage;
using Canvass.Storage.Finality;
using Canvass.Storage.Subscriptions;

namespace Canvass.Cli.Commands;

/// <summary>Where subscriptions' flips come from: the finality evaluator, replaying the store
/// (<see cref="FinalityReader.HistoriesAsync"/>).</summary>
internal static class FinalityFlips
{
    /// <summary>The history of a policy for some contests in <paramref name="store"/>.</summary>
    public static FlipSource For(ICanvassStore store) => async (policy, contests, now, cancellationToken) =>
    {
        var histories = await FinalityReader.HistoriesAsync(store, policy, contests, now, cancellationToken);
        return histories.IsSuccess
            ? Result<IReadOnlyList<ContestFlips>>.Success([.. histories.Value.Select(h => new ContestFlips(
                h.Contest, [.. h.Flips.Select(f => new FlipNotice(f.Contest, f.Policy, f.Final, f.At, f.Position, [.. f.Reasons]))], h.Answer.Reasons, h.LatestPosition))])
            : Result<IReadOnlyList<ContestFlips>>.Failure(histories.Problems);
    };

    /// <summary>Checks that <paramref name="policy"/> is a built-in name or an expression that parses and names known facts.</summary>
    public static async Task<IReadOnlyList<Problem>> CheckPolicyAsync(ICanvassStore store, string policy, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(policy))
        {
            return [new Problem(ProblemCodes.BadValue, "The policy is empty; give a built-in policy name or an expression.", Path: "--policy")];
        }

        var flips = await FinalityReader.FlipsAsync(store, policy, null, cancellationToken);
        // The parser names the expression itself "policy"; here the expression is the option's value.
        return flips.IsSuccess ? [] : [.. flips.Problems.Select(p => p with { Path = p.Path is null or "policy" ? "--policy" : "--policy: " + p.Path })];
    }
}
