using Canvass.Domain.Events;

namespace Canvass.Domain.Facts;

/// <summary>A recorded fact about one contest's path to finality: a media call, a concession, a legal step, a recount, a
/// certification, an audit result or an Electoral College step. Every fact says who reported it, when it happened and
/// where the evidence is, and is a public log leaf like every event.</summary>
/// <remarks>Facts are ordered by <see cref="At"/> (when they happened), not by when they were recorded: a fact entered late
/// still counts from its own time, and <c>canvass finality --at</c> answers for any moment by replaying them.</remarks>
public interface IContestFact : IEvent
{
    /// <summary>The contest the fact is about (its id in the election definition).</summary>
    string Contest { get; }

    /// <summary>When the fact happened (not when it was recorded).</summary>
    DateTimeOffset At { get; }

    /// <summary>Who reports it: the organisation or document it comes from.</summary>
    string Source { get; }

    /// <summary>A link to the evidence (an order, a press release, a certificate), when there is one.</summary>
    string? Evidence { get; }
}
