using System.Collections.Immutable;
using System.Text.Json;

namespace Canvass.Storage.Subscriptions;

/// <summary>A finality message in a subscription's outbox, read back from its body: what it told the receiver, or will
/// tell it once delivered. The body is what the receiver gets, so it, not a second record beside it, is the account of
/// what was said.</summary>
/// <param name="Entry">The outbox entry.</param>
/// <param name="IsFlip">True for <c>finality.final</c> and <c>finality.retracted</c>, false for <c>finality.superseded</c>.</param>
/// <param name="Contest">The contest it is about.</param>
/// <param name="Final">The answer it states.</param>
/// <param name="Time">Since when, by its account, the answer is what it states: a flip's <c>at</c>, a correction's
/// <c>since</c> (null when never final).</param>
/// <param name="Position">The log position it gives.</param>
/// <param name="Withdrawn">For a correction, the flips it names as no longer holding.</param>
internal sealed record SentMessage(OutboxEntry Entry, bool IsFlip, string Contest, bool Final, DateTimeOffset? Time, long Position, ImmutableArray<WithdrawnFlip> Withdrawn)
{
    public string Id => Entry.Message.Id;

    /// <summary>The outbox's finality messages that are not cancelled, by contest, each contest's in outbox order.</summary>
    public static Dictionary<string, List<SentMessage>> ByContest(IReadOnlyList<OutboxEntry> outbox)
    {
        var byContest = new Dictionary<string, List<SentMessage>>(StringComparer.Ordinal);
        foreach (var entry in outbox.OrderBy(e => e.Sequence))
        {
            if (entry.CancelledAt is null && Read(entry) is { } sent)
            {
                if (!byContest.TryGetValue(sent.Contest, out var list))
                {
                    byContest[sent.Contest] = list = [];
                }

                list.Add(sent);
            }
        }

        return byContest;
    }

    /// <summary>The message's account, or null for a body that is not a finality message Canvass wrote.</summary>
    public static SentMessage? Read(OutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var type = entry.Message.Type;
        var isFlip = type is FlipNotice.FinalType or FlipNotice.RetractedType;
        if (!isFlip && type != SupersededNotice.SupersededType)
        {
            return null;
        }

        SentBody? body;
        try
        {
            body = JsonSerializer.Deserialize(entry.Message.Body, SubscriptionJsonContext.Default.SentBody);
        }
        catch (JsonException)
        {
            return null;
        }

        if (body?.Data is not { Contest: { } contest } data || (isFlip && data.At is null))
        {
            return null;
        }

        return new SentMessage(entry, isFlip, contest, data.Final, isFlip ? data.At : data.Since, data.Position, data.Withdrawn.IsDefault ? [] : data.Withdrawn);
    }
}

/// <summary>The parts of a webhook body that <see cref="SentMessage"/> reads: every finality type's <c>data</c> in one shape.</summary>
internal sealed record SentBody(string? Type, SentData? Data);

/// <summary>The union of <see cref="FlipData"/> and <see cref="SupersededData"/>, as far as a correction needs it.</summary>
internal sealed record SentData(string? Contest, bool Final, DateTimeOffset? At, DateTimeOffset? Since, long Position, ImmutableArray<WithdrawnFlip> Withdrawn);
