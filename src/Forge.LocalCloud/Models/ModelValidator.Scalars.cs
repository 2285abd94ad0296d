using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Forge.LocalCloud.Models;

public static partial class ModelValidator
{
    private sealed partial class Walker
    {
        private void VisitScalar(ModelShape shape, JsonNode? node, MemberPath path)
        {
            var kind = node?.GetValueKind() ?? JsonValueKind.Null;
            switch (shape.Type)
            {
                case ShapeType.String when kind == JsonValueKind.String:
                    CheckString(shape, node!, node!.GetValue<string>(), path);
                    break;
                case ShapeType.Integer or ShapeType.Long when kind == JsonValueKind.Number:
                    CheckInteger(shape, node!, path);
                    break;
                case ShapeType.Double or ShapeType.Float when kind == JsonValueKind.Number:
                    if (double.TryParse(node!.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                    {
                        CheckRange(shape, node, number, path);
                    }

                    break;
                // awsJson has no literal for these, so it sends them as strings; whether a service accepts them is its own rule.
                case ShapeType.Double or ShapeType.Float when kind == JsonValueKind.String
                    && node!.GetValue<string>() is "NaN" or "Infinity" or "-Infinity":
                    break;
                case ShapeType.Boolean when kind is JsonValueKind.True or JsonValueKind.False:
                    break;
                // awsJson sends timestamps as epoch seconds, possibly fractional.
                case ShapeType.Timestamp when kind == JsonValueKind.Number:
                    break;
                case ShapeType.Blob when kind == JsonValueKind.String:
                    CheckBlob(shape, node!, path);
                    break;
                default:
                    TypeMismatch(shape, node, path, Expected(shape.Type));
                    break;
            }
        }

        private static string Expected(ShapeType type) => type switch
        {
            ShapeType.String => "string",
            ShapeType.Integer => "integer (32-bit)",
            ShapeType.Long => "integer (64-bit)",
            ShapeType.Boolean => "boolean",
            ShapeType.Double or ShapeType.Float => "number",
            ShapeType.Timestamp => "timestamp (epoch seconds as a JSON number)",
            ShapeType.Blob => "blob (base64 string)",
            _ => type.ToString(),
        };

        private void CheckString(ModelShape shape, JsonNode node, string value, MemberPath path)
        {
            // Smithy lengths count Unicode code points, not UTF-16 units.
            CheckLength(shape, node, value.EnumerateRunes().Count(), path);
            if (shape.Enum is { } values && !values.Contains(value, StringComparer.Ordinal))
            {
                Add(ModelViolationKind.Enum, path,
                    $"Value{Show(shape, node)} at '{path.AwsPath}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", values)}]");
            }

            if (shape.PatternRegex is { } regex && !Matches(regex, value))
            {
                Add(ModelViolationKind.Pattern, path,
                    $"Value{Show(shape, node)} at '{path.AwsPath}' failed to satisfy constraint: Member must satisfy regular expression pattern: {shape.Pattern}");
            }
        }

        private void CheckInteger(ModelShape shape, JsonNode node, MemberPath path)
        {
            var (low, high) = shape.Type == ShapeType.Integer ? ((decimal)int.MinValue, (decimal)int.MaxValue) : (long.MinValue, long.MaxValue);
            if (!decimal.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                || decimal.Truncate(value) != value || value < low || value > high)
            {
                TypeMismatch(shape, node, path, Expected(shape.Type));
                return;
            }

            CheckRange(shape, node, (double)value, path);
        }

        private void CheckBlob(ModelShape shape, JsonNode node, MemberPath path)
        {
            var text = node.GetValue<string>();
            var buffer = new byte[text.Length];
            if (!Convert.TryFromBase64String(text, buffer, out var length))
            {
                TypeMismatch(shape, node, path, Expected(shape.Type));
                return;
            }

            CheckLength(shape, node, length, path);
        }

        private void CheckLength(ModelShape shape, JsonNode node, int length, MemberPath path)
        {
            if (shape.Min is { } min && length < min)
            {
                Add(ModelViolationKind.Length, path, $"Value{Show(shape, node)} at '{path.AwsPath}' failed to satisfy constraint: Member must have length greater than or equal to {Number(min)}");
            }

            if (shape.Max is { } max && length > max)
            {
                Add(ModelViolationKind.Length, path, $"Value{Show(shape, node)} at '{path.AwsPath}' failed to satisfy constraint: Member must have length less than or equal to {Number(max)}");
            }
        }

        private void CheckRange(ModelShape shape, JsonNode node, double value, MemberPath path)
        {
            if (shape.Min is { } min && value < min)
            {
                Add(ModelViolationKind.Range, path, $"Value{Show(shape, node)} at '{path.AwsPath}' failed to satisfy constraint: Member must have value greater than or equal to {Number(min)}");
            }

            if (shape.Max is { } max && value > max)
            {
                Add(ModelViolationKind.Range, path, $"Value{Show(shape, node)} at '{path.AwsPath}' failed to satisfy constraint: Member must have value less than or equal to {Number(max)}");
            }
        }

        private static bool Matches(Regex regex, string value)
        {
            try
            {
                return regex.IsMatch(value);
            }
            catch (RegexMatchTimeoutException)
            {
                // The limit protects the local cloud, it is not AWS's rule: a value we cannot decide passes.
                return true;
            }
        }

        private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
