using System.Globalization;
using System.Text.Json.Nodes;

namespace Forge.LocalCloud.Models;

public static partial class AwsQueryInput
{
    private sealed class Reader(ServiceModel model, List<ModelViolation> violations)
    {
        public JsonNode? Build(ModelShape shape, List<Entry> entries, int depth, MemberPath path) => shape.Type switch
        {
            ShapeType.Structure => Structure(shape, entries, depth, path),
            ShapeType.List => List(shape, entries, depth, path),
            ShapeType.Map => Map(shape, entries, depth, path),
            _ => Scalar(shape, entries, depth, path),
        };

        private JsonObject Structure(ModelShape shape, List<Entry> entries, int depth, MemberPath path)
        {
            var result = new JsonObject();
            foreach (var group in entries.GroupBy(e => e.Segments.Length > depth ? e.Segments[depth] : ""))
            {
                var member = shape.Members.FirstOrDefault(m => (m.Value.LocationName ?? m.Key) == group.Key);
                if (member.Value is null)
                {
                    group.ToList().ForEach(e => Unknown(violations, e, $"shape {shape.Name} has no member '{group.Key}'"));
                    continue;
                }

                result[member.Key] = Build(model.Shape(member.Value.Shape), [.. group], depth + 1, path.Member(member.Key));
            }

            return result;
        }

        private JsonArray List(ModelShape shape, List<Entry> entries, int depth, MemberPath path)
        {
            var element = shape.Member!.LocationName ?? "member";
            var indexed = Indexed(entries, depth, element, path);
            var result = new JsonArray();
            foreach (var (index, group) in indexed)
            {
                result.Add(Build(model.Shape(shape.Member.Shape), group, depth + 2, path.Index(index - 1)));
            }

            return result;
        }

        private JsonObject Map(ModelShape shape, List<Entry> entries, int depth, MemberPath path)
        {
            var keyName = shape.Key!.LocationName ?? "key";
            var valueName = shape.Value!.LocationName ?? "value";
            var result = new JsonObject();
            foreach (var (index, group) in Indexed(entries, depth, "entry", path))
            {
                var key = group.FirstOrDefault(e => e.Segments.Length == depth + 3 && e.Segments[depth + 2] == keyName);
                var values = group.Where(e => e.Segments.Length > depth + 2 && e.Segments[depth + 2] == valueName).ToList();
                group.Where(e => e != key && !values.Contains(e)).ToList()
                    .ForEach(e => Unknown(violations, e, $"map entries have only '{keyName}' and '{valueName}'"));
                if (key is null)
                {
                    violations.Add(new(ModelViolationKind.Required, path.Display, path.AwsPath,
                        string.Create(CultureInfo.InvariantCulture, $"Map entry {index} at '{path.AwsPath}' has no '{keyName}'")));
                    continue;
                }

                result[key.Value] = Build(model.Shape(shape.Value.Shape), values, depth + 3, path.Entry(key.Value));
            }

            return result;
        }

        /// <summary>Groups <c>{prefix}.{name}.N...</c> by N, which must run 1, 2, ... without gaps.</summary>
        private List<(int Index, List<Entry> Group)> Indexed(List<Entry> entries, int depth, string name, MemberPath path)
        {
            var groups = new SortedDictionary<int, List<Entry>>();
            foreach (var entry in entries)
            {
                // An empty list travels as the bare name with an empty value.
                if (entry.Segments.Length == depth && entry.Value.Length == 0)
                {
                    continue;
                }

                if (entry.Segments.Length < depth + 2 || entry.Segments[depth] != name
                    || !int.TryParse(entry.Segments[depth + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index < 1)
                {
                    Unknown(violations, entry, $"expected '{name}.N' (N from 1) after '{string.Join('.', entry.Segments.Take(depth))}'");
                    continue;
                }

                (groups.TryGetValue(index, out var list) ? list : groups[index] = []).Add(entry);
            }

            if (groups.Count > 0 && groups.Keys.Last() != groups.Count)
            {
                violations.Add(new(ModelViolationKind.Type, path.Display, path.AwsPath,
                    $"List indexes at '{path.AwsPath}' must run from 1 without gaps, found [{string.Join(", ", groups.Keys)}]"));
            }

            return [.. groups.Select(g => (g.Key, g.Value))];
        }

        private JsonValue? Scalar(ModelShape shape, List<Entry> entries, int depth, MemberPath path)
        {
            entries.Where(e => e.Segments.Length != depth).ToList()
                .ForEach(e => Unknown(violations, e, $"{shape.Name} is a {shape.Type.ToString().ToLowerInvariant()}, it has no members"));
            if (entries.FirstOrDefault(e => e.Segments.Length == depth) is not { } entry)
            {
                return null;
            }

            var converted = Convert(shape.Type, entry.Value);
            if (converted is null)
            {
                violations.Add(new(ModelViolationKind.Type, path.Display, path.AwsPath,
                    $"Value '{entry.Value}' at '{path.AwsPath}' failed to satisfy constraint: Member must be a {shape.Type.ToString().ToLowerInvariant()}"));
            }

            return converted;
        }

        /// <summary>awsQuery scalars: numbers and booleans as text, timestamps as ISO 8601, blobs as base64.</summary>
        private static JsonValue? Convert(ShapeType type, string value) => type switch
        {
            ShapeType.Integer or ShapeType.Long => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                ? JsonValue.Create(number) : null,
            ShapeType.Double or ShapeType.Float => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
                ? JsonValue.Create(real) : null,
            ShapeType.Boolean => value switch { "true" => JsonValue.Create(true), "false" => JsonValue.Create(false), _ => null },
            ShapeType.Timestamp => DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) && value.Contains('T', StringComparison.Ordinal)
                ? JsonValue.Create(time.ToUnixTimeMilliseconds() / 1000m) : null,
            _ => JsonValue.Create(value),
        };
    }
}
