using System.Text.Json;
using Canvass.Domain.Events;

namespace Canvass.Storage.Serialization;

/// <summary>Turns events into their stored form (stable type name and JSON) and back, with <see cref="CanvassJsonContext"/>.</summary>
public static class EventSerializer
{
    /// <summary>The stored type name and JSON of an event.</summary>
    public static (string Type, string Data) Serialize(IEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var type = @event.GetType();
        var name = EventTypes.NameOf(type);
        return (name, JsonSerializer.Serialize(@event, CanvassJsonContext.Default.GetTypeInfo(type) ?? NotInContext(type)));
    }

    /// <summary>The event stored under <paramref name="type"/> with JSON <paramref name="data"/>.</summary>
    /// <exception cref="InvalidOperationException">The type name is unknown.</exception>
    /// <exception cref="JsonException">The JSON does not match the type.</exception>
    public static IEvent Deserialize(string type, string data)
    {
        if (!EventTypes.TryGetType(type, out var clrType))
        {
            throw new InvalidOperationException($"Unknown stored event type '{type}'.");
        }

        var typeInfo = CanvassJsonContext.Default.GetTypeInfo(clrType) ?? NotInContext(clrType);
        return JsonSerializer.Deserialize(data, typeInfo) as IEvent
            ?? throw new JsonException($"Stored event of type '{type}' is null.");
    }

    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo NotInContext(Type type) =>
        throw new InvalidOperationException($"{type.FullName} is not registered in {nameof(CanvassJsonContext)}.");
}
