using System.Globalization;

namespace Forge.LocalCloud.Models;

/// <summary>What kind of rule an input broke.</summary>
public enum ModelViolationKind
{
    /// <summary>A member the shape does not declare (only reported by strict validation).</summary>
    UnknownMember,

    /// <summary>A required member is absent or null.</summary>
    Required,

    /// <summary>The JSON (or form) value is not of the shape's type.</summary>
    Type,

    /// <summary>A string outside the shape's enum.</summary>
    Enum,

    /// <summary>Length of a string, list, map or blob outside min/max.</summary>
    Length,

    /// <summary>A number outside min/max.</summary>
    Range,

    /// <summary>A string that does not match the shape's pattern.</summary>
    Pattern,

    /// <summary>A union with other than exactly one member set.</summary>
    Union,

    /// <summary>The operation is not in the model at all.</summary>
    UnknownOperation,
}

/// <summary>
/// One broken rule. <see cref="Path"/> names the member as a C# reader would
/// (<c>Workspaces[0].WorkspaceProperties.RunningMode</c>); <see cref="AwsPath"/> as AWS's validation
/// messages do (<c>workspaces.1.member.workspaceProperties.runningMode</c>); <see cref="Message"/> is
/// the AWS-style sentence for this violation alone.
/// </summary>
public sealed record ModelViolation(ModelViolationKind Kind, string Path, string AwsPath, string Message)
{
    public override string ToString() => $"{Path}: {Message}";

    /// <summary>"N validation error(s) detected: a; b": the message AWS gives for a rejected input.</summary>
    public static string Summary(IReadOnlyCollection<ModelViolation> violations)
    {
        ArgumentNullException.ThrowIfNull(violations);
        var count = violations.Count;
        return string.Create(CultureInfo.InvariantCulture,
            $"{count} validation error{(count == 1 ? "" : "s")} detected: {string.Join("; ", violations.Select(v => v.Message))}");
    }
}

/// <summary>A position in the input, tracked in both notations while the validator descends.</summary>
internal readonly record struct MemberPath(string Path, string AwsPath)
{
    public static readonly MemberPath Root = new("", "");

    public MemberPath Member(string name) => new(
        Path.Length == 0 ? name : $"{Path}.{name}",
        AwsPath.Length == 0 ? Camel(name) : $"{AwsPath}.{Camel(name)}");

    /// <summary>AWS counts list entries from 1 and names them <c>member</c>.</summary>
    public MemberPath Index(int index) => new(
        string.Create(CultureInfo.InvariantCulture, $"{Path}[{index}]"),
        string.Create(CultureInfo.InvariantCulture, $"{AwsPath}.{index + 1}.member"));

    public MemberPath Entry(string key) => new($"{Path}[\"{key}\"]", $"{AwsPath}.{key}");

    public string Display => Path.Length == 0 ? "(input)" : Path;

    private static string Camel(string name) =>
        name.Length == 0 || char.IsLower(name[0]) ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
