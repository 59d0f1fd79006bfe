using System.Text.Json;
using System.Text.Json.Serialization;
using Canvass.Domain.Elections;

namespace Canvass.Storage.Serialization;

// Enums are stored as kebab-case names (the NIST spelling: "absentee-mail", "n-of-m"), never as numbers, so that
// reordering an enum cannot change what a stored event means.

internal sealed class CountItemTypeConverter() : JsonStringEnumConverter<CountItemType>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);

internal sealed class ContestKindConverter() : JsonStringEnumConverter<ContestKind>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);

internal sealed class VoteVariationConverter() : JsonStringEnumConverter<VoteVariation>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);
