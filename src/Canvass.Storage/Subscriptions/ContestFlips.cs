using System.Collections.Immutable;

namespace Canvass.Storage.Subscriptions;

/// <summary>What the notifier needs to know of one contest under a subscription's policy: every flip in the log so far
/// and why the answer is what it is now.</summary>
/// <param name="Contest">The contest id.</param>
/// <param name="Flips">Every flip, including those dated after now (a deadline still ahead), which the notifier holds
/// back until their time.</param>
/// <param name="Reasons">Why the policy's answer is what it is now, as the finality evaluator gives them.</param>
/// <param name="LatestPosition">The log position of the latest fact recorded for the contest, or 0 when there is none.</param>
public sealed record ContestFlips(string Contest, ImmutableArray<FlipNotice> Flips, ImmutableArray<string> Reasons, long LatestPosition);
