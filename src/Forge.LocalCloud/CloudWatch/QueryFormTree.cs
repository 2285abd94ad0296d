using System.Globalization;
using System.Text.Json.Nodes;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.CloudWatch;

/// <summary>
/// Folds flattened awsQuery parameters into the JSON tree the JSON protocols carry, so CloudWatch reads every
/// protocol with one reader: <c>A.member.N</c> becomes a list, <c>A.entry.N.key</c>/<c>.value</c> a map and
/// <c>A.B</c> a structure. Leaves stay strings; the reader parses numbers, booleans and ISO 8601 timestamps.
/// </summary>
public static class QueryFormTree
{
    private static readonly HashSet<string> Envelope = new(StringComparer.Ordinal) { "Action", "Version" };

    public static JsonObject Build(IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var root = new Node();
        foreach (var (key, value) in parameters)
        {
            if (Envelope.Contains(key))
            {
                continue;
            }

            var node = root;
            foreach (var segment in key.Split('.'))
            {
                node = node.Child(segment);
            }

            node.Value = value;
        }

        return (JsonObject)root.ToJson("")!;
    }

    private sealed class Node
    {
        private readonly Dictionary<string, Node> _children = new(StringComparer.Ordinal);

        public string? Value { get; set; }

        public Node Child(string name)
        {
            if (!_children.TryGetValue(name, out var child))
            {
                child = new Node();
                _children[name] = child;
            }

            return child;
        }

        public JsonNode? ToJson(string path)
        {
            if (_children.Count == 0)
            {
                return path.Length == 0 ? new JsonObject() : JsonValue.Create(Value);
            }

            if (_children.Count == 1 && _children.TryGetValue("member", out var members))
            {
                return new JsonArray([.. members.Indexed($"{path}.member").Select(item => item.Node.ToJson(item.Path))]);
            }

            if (_children.Count == 1 && _children.TryGetValue("entry", out var entries))
            {
                var map = new JsonObject();
                foreach (var (entry, entryPath) in entries.Indexed($"{path}.entry"))
                {
                    var key = entry._children.GetValueOrDefault("key")?.Value ?? entry._children.GetValueOrDefault("Name")?.Value
                        ?? throw CloudWatchErrors.Missing($"{entryPath}.key");
                    map[key] = (entry._children.GetValueOrDefault("value") ?? entry._children.GetValueOrDefault("Value"))
                        ?.ToJson($"{entryPath}.value");
                }

                return map;
            }

            return new JsonObject(_children.Select(c =>
                KeyValuePair.Create(c.Key, c.Value.ToJson(path.Length == 0 ? c.Key : $"{path}.{c.Key}"))));
        }

        /// <summary>The children named 1, 2, ... in numeric order; anything else is not a list index.</summary>
        private IEnumerable<(Node Node, string Path)> Indexed(string path)
        {
            var items = new List<(int Index, Node Node)>();
            foreach (var (name, child) in _children)
            {
                if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index < 1)
                {
                    throw CloudWatchErrors.Invalid(name, $"{path}.{name}");
                }

                items.Add((index, child));
            }

            return items.OrderBy(i => i.Index).Select(i => (i.Node, $"{path}.{i.Index}"));
        }
    }
}
