using System.Collections.Concurrent;
using System.Text.Json;
using Forge.Aws;

namespace Forge.LocalCloud.Models;

/// <summary>
/// An official AWS service model (botocore <c>service-2.json</c>, embedded from <c>Models/Data</c>),
/// read once per process on first use and cached: operations with their input shapes, and every shape
/// with the constraints validation needs.
/// </summary>
public sealed class ServiceModel
{
    /// <summary>Model file (without <c>.json</c>) per <see cref="AwsService.Name"/>.</summary>
    private static readonly Dictionary<string, string> Files = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["workspaces"] = "workspaces",
        ["fsx"] = "fsx",
        ["secretsmanager"] = "secretsmanager",
        ["ssm"] = "ssm",
        ["ds"] = "directoryservice",
        ["cloudwatch"] = "cloudwatch",
        ["sns"] = "sns",
    };

    private static readonly ConcurrentDictionary<string, Lazy<ServiceModel>> Cache = new(StringComparer.Ordinal);

    private readonly Dictionary<string, ModelShape> _shapes;
    private readonly Dictionary<string, string?> _inputs;

    private ServiceModel(string file, JsonElement root)
    {
        File = file;
        var metadata = root.GetProperty("metadata");
        ApiVersion = metadata.GetProperty("apiVersion").GetString()!;
        TargetPrefix = metadata.TryGetProperty("targetPrefix", out var prefix) ? prefix.GetString() : null;
        _inputs = root.GetProperty("operations").EnumerateObject().ToDictionary(
            op => op.Name,
            op => op.Value.TryGetProperty("input", out var input) ? input.GetProperty("shape").GetString() : null,
            StringComparer.Ordinal);
        _shapes = new Dictionary<string, ModelShape>(StringComparer.Ordinal);
        foreach (var shape in root.GetProperty("shapes").EnumerateObject())
        {
            if (ModelShape.Read(shape.Name, shape.Value) is { } read)
            {
                _shapes[shape.Name] = read;
            }
        }
    }

    /// <summary>The embedded file the model came from, e.g. <c>directoryservice</c>.</summary>
    public string File { get; }

    public string ApiVersion { get; }

    /// <summary>The <c>X-Amz-Target</c> prefix; null for awsQuery-only services (SNS).</summary>
    public string? TargetPrefix { get; }

    public IReadOnlyCollection<string> Operations => _inputs.Keys;

    public IReadOnlyCollection<ModelShape> Shapes => _shapes.Values;

    /// <summary>The model of a Forge service, or null for a service without an embedded model.</summary>
    public static ServiceModel? For(AwsService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return Files.TryGetValue(service.Name, out var file) ? Load(file) : null;
    }

    /// <summary>Loads (once) the embedded model <paramref name="file"/>, e.g. <c>workspaces</c>.</summary>
    public static ServiceModel Load(string file) =>
        Cache.GetOrAdd(file, name => new Lazy<ServiceModel>(() => Read(name))).Value;

    public bool HasOperation(string operation) => _inputs.ContainsKey(operation);

    /// <summary>The input shape of <paramref name="operation"/>; null when it takes no input.</summary>
    public ModelShape? InputOf(string operation) =>
        _inputs.TryGetValue(operation, out var input) && input is not null ? Shape(input) : null;

    public ModelShape Shape(string name) =>
        _shapes.TryGetValue(name, out var shape) ? shape : throw new KeyNotFoundException($"Shape {name} is not in model {File}.");

    /// <summary>Shapes whose pattern .NET cannot compile; validation skips those patterns.</summary>
    public IReadOnlyList<ModelShape> UnsupportedPatterns() => [.. _shapes.Values.Where(s => s.PatternUnsupported)];

    private static ServiceModel Read(string file)
    {
        var resource = $"Forge.LocalCloud.Models.{file}.json";
        using var stream = typeof(ServiceModel).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded model {resource} is missing.");
        using var document = JsonDocument.Parse(stream);
        return new ServiceModel(file, document.RootElement);
    }
}
