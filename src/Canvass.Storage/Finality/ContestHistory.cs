using Canvass.Domain.Finality;

namespace Canvass.Storage.Finality;

/// <summary>One contest's history under a policy, replayed from the store: what a subscription's notifier needs.</summary>
/// <param name="Contest">The contest id.</param>
/// <param name="Flips">Every flip, in time order, including those at deadlines still ahead.</param>
/// <param name="Answer">The policy's answer at the moment asked about.</param>
/// <param name="LatestPosition">The log position of the latest fact recorded for the contest, or 0 when there is none.</param>
public sealed record ContestHistory(string Contest, IReadOnlyList<FinalityFlip> Flips, FinalityAnswer Answer, long LatestPosition);
