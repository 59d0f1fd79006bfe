using System.Text.Json;
using System.Text.Json.Serialization;
using Canvass.Domain.Elections;

namespace Canvass.Storage.Serialization;

/// <summary>Writes a typed id (a record struct around one string) as a plain JSON string.</summary>
internal abstract class StringIdConverter<T> : JsonConverter<T>
    where T : struct
{
    protected abstract T Create(string value);

    protected abstract string ValueOf(T id);

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

internal sealed class GpUnitIdConverter : StringIdConverter<GpUnitId>
{
    protected override GpUnitId Create(string value) => new(value);

    protected override string ValueOf(GpUnitId id) => id.Value;
}

internal sealed class BallotStyleIdConverter : StringIdConverter<BallotStyleId>
{
    protected override BallotStyleId Create(string value) => new(value);

    protected override string ValueOf(BallotStyleId id) => id.Value;
}

internal sealed class CandidateIdConverter : StringIdConverter<CandidateId>
{
    protected override CandidateId Create(string value) => new(value);

    protected override string ValueOf(CandidateId id) => id.Value;
}

internal sealed class ContestIdConverter : StringIdConverter<ContestId>
{
    protected override ContestId Create(string value) => new(value);

    protected override string ValueOf(ContestId id) => id.Value;
}

internal sealed class OfficeIdConverter : StringIdConverter<OfficeId>
{
    protected override OfficeId Create(string value) => new(value);

    protected override string ValueOf(OfficeId id) => id.Value;
}

internal sealed class PartyIdConverter : StringIdConverter<PartyId>
{
    protected override PartyId Create(string value) => new(value);

    protected override string ValueOf(PartyId id) => id.Value;
}

internal sealed class PersonIdConverter : StringIdConverter<PersonId>
{
    protected override PersonId Create(string value) => new(value);

    protected override string ValueOf(PersonId id) => id.Value;
}

internal sealed class SelectionIdConverter : StringIdConverter<SelectionId>
{
    protected override SelectionId Create(string value) => new(value);

    protected override string ValueOf(SelectionId id) => id.Value;
}
