namespace Canvass.Domain.Elections;

/// <summary>A typed identifier that wraps one string, so serializers and readers can treat every id kind alike.</summary>
/// <typeparam name="TSelf">The id type.</typeparam>
public interface IStringId<TSelf>
    where TSelf : struct, IStringId<TSelf>
{
    /// <summary>The identifier text.</summary>
    string Value { get; }

    /// <summary>Wraps <paramref name="value"/> as this id type.</summary>
    static abstract TSelf FromString(string value);
}
