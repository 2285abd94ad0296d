using System.Text.Json.Nodes;

namespace Forge.LocalCloud.CloudWatch;

/// <summary>
/// The entity of one EntityMetricData entry: KeyAttributes 2..4 (keys 1..32, values 1..2048 characters),
/// Attributes up to 10 (keys 1..256, values 1..2048), at most two entities per request. As the model documents
/// for StrictEntityValidation, an invalid entity fails the request only when strict; otherwise its metrics are
/// kept without the entity.
/// </summary>
public static class EntityReader
{
    public static IReadOnlyDictionary<string, string>? Read(JsonObject entityData, string path, bool strict, bool tooMany)
    {
        ArgumentNullException.ThrowIfNull(entityData);
        var entity = JsonMembers.ReadObject(entityData, "Entity", $"{path}.Entity");
        var keyAttributes = entity is null ? null : JsonMembers.ReadStringMap(entity, "KeyAttributes", $"{path}.Entity.KeyAttributes");
        var attributes = entity is null ? null : JsonMembers.ReadStringMap(entity, "Attributes", $"{path}.Entity.Attributes");
        var problem = tooMany ? "The number of EntityMetricData objects allowed is 2."
            : keyAttributes is null ? $"The parameter {path}.Entity.KeyAttributes is required."
            : keyAttributes.Count is < 2 or > 4 || !Fits(keyAttributes, 32) ? $"The value for parameter {path}.Entity.KeyAttributes is invalid."
            : attributes is { Count: > 10 } || (attributes is not null && !Fits(attributes, 256)) ? $"The value for parameter {path}.Entity.Attributes is invalid."
            : null;
        return problem is null ? keyAttributes
            : strict ? throw CloudWatchErrors.InvalidBecause(problem)
            : null;
    }

    private static bool Fits(Dictionary<string, string> map, int maxKeyLength) =>
        map.All(p => p.Key.Length >= 1 && p.Key.Length <= maxKeyLength && p.Value.Length is >= 1 and <= 2048);
}
