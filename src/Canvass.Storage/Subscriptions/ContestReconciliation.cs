using System.Collections.Immutable;

namespace Canvass.Storage.Subscriptions;

/// <summary>Brings what one subscription was sent about one contest into line with the policy's history as the log tells it
/// now. The rule it keeps: once the outbox is delivered, the last message about the contest states the current answer
/// and has the highest <c>data.position</c> of them all, and every flip sent that no longer holds has been named by a
/// correction.</summary>
/// <remarks>Pure: the notifier cancels the messages <see cref="Stale"/> returns (a compare-and-set that fails for one an
/// attempt has started on) and then enqueues what <see cref="Plan"/> returns.</remarks>
internal sealed class ContestReconciliation
{
    private readonly ContestFlips _history;
    private readonly ImmutableArray<FlipNotice> _flips;
    private readonly List<FlipNotice> _due;

    /// <summary>The contest's history, judged at <paramref name="now"/>: flips dated later are not news yet.</summary>
    public ContestReconciliation(ContestFlips history, DateTimeOffset now)
    {
        _history = history;
        _flips = history.Flips.IsDefault ? [] : history.Flips;
        _due = [.. _flips.Where(f => f.At <= now)];
        var last = _due.OrderBy(f => f.At).ThenBy(f => f.Position).LastOrDefault();
        Final = last?.Final ?? false;
        Since = last?.At;
    }

    /// <summary>The policy's answer now.</summary>
    public bool Final { get; }

    /// <summary>When the answer became what it is, or null when it has never been final.</summary>
    public DateTimeOffset? Since { get; }

    /// <summary>The messages not yet attempted that no longer hold, to cancel rather than send and then correct: a flip the
    /// history no longer has, or a correction whose answer is no longer the current one or that names a flip that holds
    /// again.</summary>
    public IEnumerable<SentMessage> Stale(IEnumerable<SentMessage> sent) => sent.Where(m =>
        m.Entry is { Attempts: 0, IsPending: true }
        && (m.IsFlip ? !Holds(m.Final, m.Time) : !States(m.Final, m.Time) || m.Withdrawn.Any(w => Holds(w.Final, w.At))));

    /// <summary>What to enqueue after <paramref name="sent"/> (the contest's messages not cancelled, in outbox order): the
    /// flips not sent yet, in log order, then a correction when a flip sent no longer holds and no correction named it yet,
    /// or when the last message would not state the current answer with the highest position. <paramref name="known"/>
    /// holds every id in the subscription's outbox, cancelled ones too: an id is never enqueued twice.</summary>
    public (IReadOnlyList<FlipNotice> Flips, SupersededNotice? Correction, string? Follows) Plan(
        string subscriptionId, string policy, IReadOnlyList<SentMessage> sent, IReadOnlySet<string> known)
    {
        var named = sent.Where(m => !m.IsFlip).SelectMany(m => m.Withdrawn).Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        ImmutableArray<WithdrawnFlip> withdrawn =
            [.. sent.Where(m => m.IsFlip && !Holds(m.Final, m.Time) && !named.Contains(m.Id)).Select(m => new WithdrawnFlip(m.Id, m.Final, m.Time!.Value, m.Position))];

        // A flip whose change was already sent under another position (a fact recorded later for the same moment) is not news.
        var fresh = _due
            .Where(f => !known.Contains(f.MessageId(subscriptionId)) && !sent.Any(m => m.IsFlip && m.Final == f.Final && m.Time == f.At))
            .OrderBy(f => f.Position).ThenBy(f => f.At)
            .ToList();

        var highest = sent.Select(m => m.Position).Concat(fresh.Select(f => f.Position)).DefaultIfEmpty(0).Max();
        var (lastFinal, lastTime, lastPosition, follows) = fresh.Count > 0
            ? (fresh[^1].Final, (DateTimeOffset?)fresh[^1].At, fresh[^1].Position, fresh[^1].MessageId(subscriptionId))
            : sent.Count > 0 ? (sent[^1].Final, sent[^1].Time, sent[^1].Position, sent[^1].Id) : (false, null, 0L, null);
        var misleads = follows is null ? Final : !States(lastFinal, lastTime) || lastPosition < highest;
        if (withdrawn.IsEmpty && !misleads)
        {
            return (fresh, null, null);
        }

        var correction = new SupersededNotice(_history.Contest, policy, Final, Since, Math.Max(_history.LatestPosition, highest), withdrawn,
            _history.Reasons.IsDefault ? [] : _history.Reasons);
        return (fresh, correction, follows);
    }

    private bool Holds(bool final, DateTimeOffset? at) => _flips.Any(f => f.Final == final && f.At == at);

    private bool States(bool final, DateTimeOffset? since) => final == Final && since == Since;
}
