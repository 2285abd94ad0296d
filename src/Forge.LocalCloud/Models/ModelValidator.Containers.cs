using System.Text.Json.Nodes;

namespace Forge.LocalCloud.Models;

public static partial class ModelValidator
{
    private sealed partial class Walker
    {
        private void VisitStructure(ModelShape shape, JsonNode? node, MemberPath path)
        {
            if (node is not JsonObject structure)
            {
                TypeMismatch(shape, node, path, "structure (JSON object)");
                return;
            }

            var set = 0;
            foreach (var (name, value) in structure)
            {
                if (!shape.Members.TryGetValue(name, out var member))
                {
                    if (strict)
                    {
                        var at = path.Member(name);
                        Add(ModelViolationKind.UnknownMember, at, $"Unknown member '{name}' at '{at.AwsPath}': shape {shape.Name} does not declare it");
                    }

                    continue;
                }

                // AWS treats an explicit null as an absent member.
                if (value is not null)
                {
                    set++;
                    Visit(model.Shape(member.Shape), value, path.Member(name));
                }
            }

            foreach (var name in shape.Required)
            {
                if (structure[name] is null)
                {
                    var at = path.Member(name);
                    Add(ModelViolationKind.Required, at, $"Value null at '{at.AwsPath}' failed to satisfy constraint: Member must not be null");
                }
            }

            if (shape.IsUnion && set != 1)
            {
                Add(ModelViolationKind.Union, path, $"Value at '{path.AwsPath}' failed to satisfy constraint: Member must have exactly one member set, found {set}");
            }
        }

        private void VisitList(ModelShape shape, JsonNode? node, MemberPath path)
        {
            if (node is not JsonArray list)
            {
                TypeMismatch(shape, node, path, "list (JSON array)");
                return;
            }

            CheckLength(shape, node, list.Count, path);
            var element = model.Shape(shape.Member!.Shape);
            for (var index = 0; index < list.Count; index++)
            {
                if (list[index] is null)
                {
                    Add(ModelViolationKind.Required, path.Index(index),
                        $"Value null at '{path.Index(index).AwsPath}' failed to satisfy constraint: Member must not be null");
                    continue;
                }

                Visit(element, list[index], path.Index(index));
            }
        }

        private void VisitMap(ModelShape shape, JsonNode? node, MemberPath path)
        {
            if (node is not JsonObject map)
            {
                TypeMismatch(shape, node, path, "map (JSON object)");
                return;
            }

            CheckLength(shape, node, map.Count, path);
            var key = model.Shape(shape.Key!.Shape);
            var value = model.Shape(shape.Value!.Shape);
            foreach (var (name, entry) in map)
            {
                VisitScalar(key, JsonValue.Create(name), path.Entry(name));
                if (entry is null)
                {
                    Add(ModelViolationKind.Required, path.Entry(name),
                        $"Value null at '{path.Entry(name).AwsPath}' failed to satisfy constraint: Member must not be null");
                    continue;
                }

                Visit(value, entry, path.Entry(name));
            }
        }
    }
}
