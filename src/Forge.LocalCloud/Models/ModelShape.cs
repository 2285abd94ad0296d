using System.Text.Json;
using System.Text.RegularExpressions;

namespace Forge.LocalCloud.Models;

/// <summary>The shape types the botocore models use.</summary>
#pragma warning disable CA1720 // The members are the model's own type names.
public enum ShapeType
{
    Structure,
    List,
    Map,
    String,
    Integer,
    Long,
    Boolean,
    Double,
    Float,
    Timestamp,
    Blob,
}
#pragma warning restore CA1720

/// <summary>A reference from a structure member, list member or map key/value to a shape.</summary>
/// <param name="Shape">Name of the target shape.</param>
/// <param name="LocationName">Wire name where it differs (awsQuery map <c>Name</c>/<c>Value</c>, list member names).</param>
public sealed record ShapeRef(string Shape, string? LocationName = null);

/// <summary>
/// One shape of a service model, reduced to what validation needs (documentation is dropped when
/// the model is read, which keeps the parsed models small).
/// </summary>
public sealed partial class ModelShape
{
    /// <summary>How long one pattern match may take: a pathological model pattern must not stall a request.</summary>
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(200);

    private readonly Lazy<Regex?> _regex;

    private ModelShape(string name, ShapeType type, JsonElement element)
    {
        Name = name;
        Type = type;
        Members = element.TryGetProperty("members", out var members)
            ? members.EnumerateObject().ToDictionary(m => m.Name, m => Ref(m.Value), StringComparer.Ordinal)
            : new Dictionary<string, ShapeRef>(StringComparer.Ordinal);
        Required = element.TryGetProperty("required", out var required)
            ? required.EnumerateArray().Select(r => r.GetString()!).ToList()
            : [];
        Member = element.TryGetProperty("member", out var member) ? Ref(member) : null;
        Key = element.TryGetProperty("key", out var key) ? Ref(key) : null;
        Value = element.TryGetProperty("value", out var value) ? Ref(value) : null;
        Enum = element.TryGetProperty("enum", out var values) ? values.EnumerateArray().Select(v => v.GetString()!).ToList() : null;
        Min = element.TryGetProperty("min", out var min) ? min.GetDouble() : null;
        Max = element.TryGetProperty("max", out var max) ? max.GetDouble() : null;
        Pattern = element.TryGetProperty("pattern", out var pattern) ? pattern.GetString() : null;
        Sensitive = element.TryGetProperty("sensitive", out var sensitive) && sensitive.GetBoolean();
        IsUnion = element.TryGetProperty("union", out var union) && union.GetBoolean();
        _regex = new Lazy<Regex?>(CompilePattern);
    }

    public string Name { get; }

    public ShapeType Type { get; }

    /// <summary>Structure members by name, in model order.</summary>
    public IReadOnlyDictionary<string, ShapeRef> Members { get; }

    public IReadOnlyList<string> Required { get; }

    /// <summary>The element shape of a list.</summary>
    public ShapeRef? Member { get; }

    public ShapeRef? Key { get; }

    public ShapeRef? Value { get; }

    public IReadOnlyList<string>? Enum { get; }

    /// <summary>Minimum length (strings, lists, maps, blobs) or value (numbers).</summary>
    public double? Min { get; }

    /// <summary>Maximum length (strings, lists, maps, blobs) or value (numbers).</summary>
    public double? Max { get; }

    public string? Pattern { get; }

    /// <summary>Values of sensitive shapes (secrets, passwords) are never echoed in messages.</summary>
    public bool Sensitive { get; }

    /// <summary>A union: exactly one member must be set.</summary>
    public bool IsUnion { get; }

    /// <summary>The compiled <see cref="Pattern"/>, or null when there is none or .NET cannot compile it.</summary>
    public Regex? PatternRegex => _regex.Value;

    /// <summary>True when the model gives a pattern that .NET's regex engine rejects (Java-only syntax).</summary>
    public bool PatternUnsupported => Pattern is not null && PatternRegex is null;

    internal static ModelShape? Read(string name, JsonElement element)
    {
        var type = element.GetProperty("type").GetString() switch
        {
            "structure" => ShapeType.Structure,
            "list" => ShapeType.List,
            "map" => ShapeType.Map,
            "string" => ShapeType.String,
            "integer" => ShapeType.Integer,
            "long" => ShapeType.Long,
            "boolean" => ShapeType.Boolean,
            "double" => ShapeType.Double,
            "float" => ShapeType.Float,
            "timestamp" => ShapeType.Timestamp,
            "blob" => ShapeType.Blob,
            _ => (ShapeType?)null,
        };
        return type is null ? null : new ModelShape(name, type.Value, element);
    }

    private static ShapeRef Ref(JsonElement element) => new(
        element.GetProperty("shape").GetString()!,
        element.TryGetProperty("locationName", out var location) ? location.GetString() : null);

    private Regex? CompilePattern()
    {
        if (Pattern is null)
        {
            return null;
        }

        // Smithy patterns are not implicitly anchored: the model writes ^...$ where it means the whole value.
        return TryCompile(Pattern) ?? TryCompile(JavaEscapes().Replace(Pattern, "$1_"));
    }

    private static Regex? TryCompile(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, PatternTimeout);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// The models are written for Java's engine, where a backslash before any non-letter is a literal:
    /// <c>\_</c> there is <c>_</c>, but .NET rejects it. Only that escape is translated; patterns still
    /// rejected after it (Java-only classes such as <c>\p{Punct}</c>) are skipped and counted.
    /// </summary>
    [GeneratedRegex(@"(?<!\\)((?:\\\\)*)\\_")]
    private static partial Regex JavaEscapes();
}
