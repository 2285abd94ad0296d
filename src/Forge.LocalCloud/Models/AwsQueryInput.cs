using System.Globalization;
using System.Text.Json.Nodes;

namespace Forge.LocalCloud.Models;

/// <summary>
/// Rebuilds an awsQuery input (flattened form: <c>Name.member.N</c>, <c>Name.entry.N.Name</c>, nested
/// structures with dots) into the JSON tree of the operation's input shape, guided by the model, so
/// that <see cref="ModelValidator"/> can judge it like a JSON input. Keys the model cannot place and
/// values that do not parse as their shape's type are reported as violations.
/// </summary>
public static partial class AwsQueryInput
{
    private sealed record Entry(string[] Segments, string Key, string Value);

    /// <summary>
    /// Validates a form against the model. Strict by default (Forge's tests: unknown parameters are violations);
    /// a Query service of the local cloud passes <paramref name="reportUnknownMembers"/> false to ignore them.
    /// </summary>
    public static IReadOnlyList<ModelViolation> Validate(ServiceModel model, string operation, IReadOnlyDictionary<string, string> form,
        bool reportUnknownMembers = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(form);
        var violations = new List<ModelViolation>();
        var input = ToJson(model, operation, form, violations);
        if (violations.Any(v => v.Kind == ModelViolationKind.UnknownOperation))
        {
            return violations;
        }

        violations.AddRange(ModelValidator.Validate(model, operation, input, reportUnknownMembers: true));
        return reportUnknownMembers ? violations : [.. violations.Where(v => v.Kind != ModelViolationKind.UnknownMember)];
    }

    /// <summary>The input tree of <paramref name="operation"/>; problems met on the way go to <paramref name="violations"/>.</summary>
    public static JsonObject ToJson(ServiceModel model, string operation, IReadOnlyDictionary<string, string> form, List<ModelViolation> violations)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(violations);
        if (!model.HasOperation(operation))
        {
            violations.Add(new(ModelViolationKind.UnknownOperation, operation, operation, $"Operation {operation} is not in the {model.File} model."));
            return [];
        }

        var entries = form.Where(p => p.Key is not ("Action" or "Version"))
            .Select(p => new Entry(p.Key.Split('.'), p.Key, p.Value)).ToList();
        if (model.InputOf(operation) is not { } shape)
        {
            entries.ForEach(e => Unknown(violations, e, $"{operation} takes no input"));
            return [];
        }

        return new Reader(model, violations).Build(shape, entries, 0, MemberPath.Root) as JsonObject ?? [];
    }

    private static void Unknown(List<ModelViolation> violations, Entry entry, string why) =>
        violations.Add(new(ModelViolationKind.UnknownMember, entry.Key, entry.Key, $"Unknown parameter '{entry.Key}': {why}"));
}
