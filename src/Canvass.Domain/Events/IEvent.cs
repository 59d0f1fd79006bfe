namespace Canvass.Domain.Events;

/// <summary>A sealed, past-tense fact in an election's stream. Every implementation carries an <see cref="EventTypeAttribute"/>.</summary>
public interface IEvent;
