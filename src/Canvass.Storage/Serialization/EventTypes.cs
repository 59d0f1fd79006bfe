using System.Collections.Frozen;
using System.Reflection;
using Canvass.Domain.Events;

namespace Canvass.Storage.Serialization;

/// <summary>The registry of stored event type names (from <see cref="EventTypeAttribute"/>) and their CLR types, built
/// once from the events in Canvass.Domain.</summary>
public static class EventTypes
{
    private static readonly FrozenDictionary<string, Type> ByName;
    private static readonly FrozenDictionary<Type, string> ByType;

#pragma warning disable CA1810 // The two maps are built together from one reflection pass.
    static EventTypes()
#pragma warning restore CA1810
    {
        var byName = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var type in typeof(IEvent).Assembly.GetTypes())
        {
            if (type.IsAbstract || type.IsInterface || !typeof(IEvent).IsAssignableFrom(type))
            {
                continue;
            }

            var name = type.GetCustomAttribute<EventTypeAttribute>()?.Name
                ?? throw new InvalidOperationException($"Event {type.FullName} has no [EventType].");
            if (!byName.TryAdd(name, type))
            {
                throw new InvalidOperationException($"Event type name '{name}' is used by {byName[name].FullName} and {type.FullName}.");
            }
        }

        ByName = byName.ToFrozenDictionary(StringComparer.Ordinal);
        ByType = byName.ToFrozenDictionary(kv => kv.Value, kv => kv.Key);
    }

    /// <summary>Every registered event CLR type, by stored name.</summary>
    public static IReadOnlyDictionary<string, Type> All => ByName;

    /// <summary>The stored name of an event type, such as <c>results-reported.v1</c>.</summary>
    /// <exception cref="ArgumentException">The type is not a registered event.</exception>
    public static string NameOf(Type eventType) =>
        ByType.TryGetValue(eventType, out var name)
            ? name
            : throw new ArgumentException($"{eventType.FullName} is not a registered event type.", nameof(eventType));

    /// <summary>The CLR type stored under <paramref name="name"/>, if any.</summary>
    public static bool TryGetType(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? eventType) =>
        ByName.TryGetValue(name, out eventType);
}
