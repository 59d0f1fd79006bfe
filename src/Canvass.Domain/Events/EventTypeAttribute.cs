namespace Canvass.Domain.Events;

/// <summary>The stable name and version an event is stored under, such as <c>results-reported.v1</c>. Never the CLR name:
/// renaming a class must not change what is stored or logged.</summary>
/// <param name="name">Kebab-case name with a <c>.vN</c> suffix.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventTypeAttribute(string name) : Attribute
{
    /// <summary>The stored type name.</summary>
    public string Name { get; } = name;
}
