using System.Text.Json;
using System.Text.Json.Serialization;
using Canvass.Domain.Elections;

namespace Canvass.Storage.Serialization;

/// <summary>Writes a typed id (a record struct around one string) as a plain JSON string.</summary>
internal sealed class StringIdConverter<T> : JsonConverter<T>
    where T : struct, IStringId<T>
{
    private static T Create(string value) => T.FromString(value);

    private static string ValueOf(T id) => id.Value;

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string for {typeof(T).Name}.");
        }

        var value = reader.GetString();
        return string.IsNullOrEmpty(value) ? throw new JsonException($"{typeof(T).Name} must not be empty.") : Create(value);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ValueOf(value));

    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Create(reader.GetString() ?? throw new JsonException($"{typeof(T).Name} must not be empty."));

    public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WritePropertyName(ValueOf(value));
}
