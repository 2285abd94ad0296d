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
        ["ds-data"] = "ds-data",
        ["cloudwatch"] = "cloudwatch",
        ["sns"] = "sns",
    };

    private static readonly ConcurrentDictionary<string, Lazy<ServiceModel>> Cache = new(StringComparer.Ordinal);

    private readonly Dictionary<string, ModelShape> _shapes;
    private readonly Dictionary<string, string?> _inputs;
    private readonly Dictionary<(string Method, string Path), string> _routes = [];
    private readonly Dictionary<string, List<(string Name, string Member)>> _queryMembers = new(StringComparer.Ordinal);

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

        // restJson1's HTTP bindings: the route of each operation and the input members bound to the query string.
        var protocol = metadata.TryGetProperty("protocol", out var declared) ? declared.GetString() : null;
        if (protocol != "rest-json")
        {
            return;
        }

        var shapes = root.GetProperty("shapes");
        foreach (var op in root.GetProperty("operations").EnumerateObject())
        {
            var http = op.Value.GetProperty("http");
            _routes[(http.GetProperty("method").GetString()!, http.GetProperty("requestUri").GetString()!.Split('?')[0])] = op.Name;
            if (_inputs[op.Name] is { } input && shapes.GetProperty(input).TryGetProperty("members", out var members))
            {
                _queryMembers[op.Name] = [.. members.EnumerateObject()
                    .Where(m => m.Value.TryGetProperty("location", out var location) && location.GetString() == "querystring")
                    .Select(m => (m.Value.GetProperty("locationName").GetString()!, m.Name))];
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

    /// <summary>The HTTP routes of a restJson1 model's operations (none for the other protocols).</summary>
    public IReadOnlyCollection<(string Method, string Path)> Routes => _routes.Keys;

    /// <summary>The restJson1 operation bound to <paramref name="method"/> and <paramref name="path"/>; null when none is.</summary>
    public string? OperationAt(string method, string path) => _routes.GetValueOrDefault((method, path));

    /// <summary>The input members of a restJson1 operation bound to the query string: (query name, member name).</summary>
    public IReadOnlyList<(string Name, string Member)> QueryStringMembers(string operation) =>
        _queryMembers.TryGetValue(operation, out var members) ? members : [];

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
