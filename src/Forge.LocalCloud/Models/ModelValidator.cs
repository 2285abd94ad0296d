using System.Text.Json;
using System.Text.Json.Nodes;

namespace Forge.LocalCloud.Models;

/// <summary>
/// Validates an operation's JSON input against its shape in the official model: required members,
/// types, enums, length and value ranges, patterns, unions and (strict only) unknown members.
/// Real AWS JSON services ignore members they do not know, so the local cloud validates leniently;
/// Forge's own tests validate strictly, since a member AWS would silently ignore is a client bug.
/// </summary>
public static partial class ModelValidator
{
    /// <summary>
    /// Validates <paramref name="input"/> as the input of <paramref name="operation"/>. With
    /// <paramref name="reportUnknownMembers"/> (strict mode) members the shape does not declare are violations too.
    /// </summary>
    public static IReadOnlyList<ModelViolation> Validate(ServiceModel model, string operation, JsonObject? input, bool reportUnknownMembers)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(operation);
        var violations = new List<ModelViolation>();
        if (!model.HasOperation(operation))
        {
            violations.Add(new(ModelViolationKind.UnknownOperation, operation, operation,
                $"Operation {operation} is not in the {model.File} model."));
            return violations;
        }

        var walker = new Walker(model, reportUnknownMembers, violations);
        if (model.InputOf(operation) is { } shape)
        {
            walker.Visit(shape, input ?? [], MemberPath.Root);
        }
        else if (reportUnknownMembers)
        {
            walker.UnknownMembers(input ?? [], MemberPath.Root, $"{operation} (no input)");
        }

        return violations;
    }

    /// <summary>Validates any JSON value against a named shape (tests, and services checking a part of an input).</summary>
    public static IReadOnlyList<ModelViolation> ValidateShape(ServiceModel model, string shapeName, JsonNode? value, bool reportUnknownMembers)
    {
        ArgumentNullException.ThrowIfNull(model);
        var violations = new List<ModelViolation>();
        new Walker(model, reportUnknownMembers, violations).Visit(model.Shape(shapeName), value, MemberPath.Root);
        return violations;
    }

    private sealed partial class Walker(ServiceModel model, bool strict, List<ModelViolation> violations)
    {
        public void Visit(ModelShape shape, JsonNode? node, MemberPath path)
        {
            switch (shape.Type)
            {
                case ShapeType.Structure:
                    VisitStructure(shape, node, path);
                    break;
                case ShapeType.List:
                    VisitList(shape, node, path);
                    break;
                case ShapeType.Map:
                    VisitMap(shape, node, path);
                    break;
                default:
                    VisitScalar(shape, node, path);
                    break;
            }
        }

        public void UnknownMembers(JsonObject node, MemberPath path, string shapeName)
        {
            foreach (var (name, _) in node)
            {
                var at = path.Member(name);
                Add(ModelViolationKind.UnknownMember, at, $"Unknown member '{name}' at '{at.AwsPath}': shape {shapeName} does not declare it");
            }
        }

        private void TypeMismatch(ModelShape shape, JsonNode? node, MemberPath path, string expected)
        {
            var found = node?.GetValueKind() switch
            {
                JsonValueKind.Object => "an object",
                JsonValueKind.Array => "an array",
                JsonValueKind.String => "a string",
                JsonValueKind.Number => "a number",
                JsonValueKind.True or JsonValueKind.False => "a boolean",
                _ => "null",
            };
            Add(ModelViolationKind.Type, path,
                $"Value{Show(shape, node)} at '{path.AwsPath}' failed to satisfy constraint: Member must be a {expected}, found {found}");
        }

        private void Add(ModelViolationKind kind, MemberPath path, string message) =>
            violations.Add(new ModelViolation(kind, path.Display, path.AwsPath, message));

        /// <summary>The value as AWS quotes it, with its leading space; sensitive values are left out, as AWS does.</summary>
        private static string Show(ModelShape shape, JsonNode? node)
        {
            if (shape.Sensitive)
            {
                return "";
            }

            if (node is null)
            {
                return " null";
            }

            var text = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
            return $" '{(text.Length > 200 ? text[..200] + "..." : text)}'";
        }
    }
}
