using Canvass.Domain.Events;

namespace Canvass.Storage;

/// <summary>An event as stored: its gap-free global position, its stream and version, and its stable type name.</summary>
public sealed record StoredEvent(long Position, string StreamId, long Version, string Type, IEvent Event, DateTimeOffset RecordedAt);
