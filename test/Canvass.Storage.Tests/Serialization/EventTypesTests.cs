using System.Reflection;
using System.Text.RegularExpressions;
using Canvass.Domain.Events;
using Canvass.Storage.Serialization;

namespace Canvass.Storage.Tests.Serialization;

/// <summary>Keeps the event rules honest: every event in Canvass.Domain is a sealed record with a unique, versioned,
/// stable type name, and is registered for source-generated serialization.</summary>
public sealed partial class EventTypesTests
{
    private static readonly Type[] DomainEvents = typeof(IEvent).Assembly.GetTypes()
        .Where(t => typeof(IEvent).IsAssignableFrom(t) && !t.IsInterface)
        .ToArray();

    public static TheoryData<string> EventTypeNames() => new(DomainEvents.Select(t => t.FullName!));

    [Fact]
    public void DomainEvents_AreFound() => Assert.NotEmpty(DomainEvents);

    [Theory]
    [MemberData(nameof(EventTypeNames))]
    public void Event_IsSealedRecord(string typeName)
    {
        var type = DomainEvents.Single(t => t.FullName == typeName);

        Assert.True(type.IsSealed, $"{typeName} must be sealed.");
        Assert.NotNull(type.GetMethod("<Clone>$")); // Only records have the compiler's clone method.
    }

    [Theory]
    [MemberData(nameof(EventTypeNames))]
    public void Event_HasVersionedStableName(string typeName)
    {
        var type = DomainEvents.Single(t => t.FullName == typeName);

        var name = type.GetCustomAttribute<EventTypeAttribute>()?.Name;

        Assert.NotNull(name);
        Assert.Matches(StableName(), name);
        Assert.Equal(name, EventTypes.NameOf(type));
        Assert.True(EventTypes.TryGetType(name, out var registered));
        Assert.Equal(type, registered);
    }

    [Theory]
    [MemberData(nameof(EventTypeNames))]
    public void Event_IsInJsonContext(string typeName)
    {
        var type = DomainEvents.Single(t => t.FullName == typeName);

        Assert.NotNull(CanvassJsonContext.Default.GetTypeInfo(type));
    }

    [Theory]
    [MemberData(nameof(EventTypeNames))]
    public void Event_HasSample(string typeName) =>
        Assert.Contains(SampleEvents.All, e => e.GetType().FullName == typeName);

    [Fact]
    public void EventNames_AreUnique()
    {
        var names = DomainEvents.Select(t => t.GetCustomAttribute<EventTypeAttribute>()?.Name).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(DomainEvents.Length, EventTypes.All.Count);
    }

    [GeneratedRegex(@"^[a-z][a-z0-9]*(-[a-z0-9]+)*\.v[1-9][0-9]*$")]
    private static partial Regex StableName();
}
