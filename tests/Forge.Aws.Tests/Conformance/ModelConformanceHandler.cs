using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Forge.LocalCloud.Models;
using Forge.LocalCloud.Protocol;

namespace Forge.Aws.Tests.Conformance;

/// <summary>One outgoing request that broke the official model.</summary>
public sealed record ConformanceViolation(string Service, string Operation, ModelViolation Violation)
{
    public override string ToString() => $"{Service}.{Operation}: {Violation}";
}

/// <summary>
/// Judges every request Forge sends against the official service model, STRICTLY: unknown member
/// names, missing required members, wrong types, enum values outside the set, lengths, ranges and
/// patterns are all recorded (AWS would silently drop an unknown member, which hides client bugs).
/// JSON requests are told by <c>X-Amz-Target</c>; awsQuery forms by <c>Action</c> and the signing name
/// in the credential scope. It also counts requests in flight, which <see cref="VirtualTime"/> needs
/// to know when only the clock can move the work forward.
/// </summary>
public sealed class ModelConformanceHandler : DelegatingHandler
{
    private readonly ConcurrentQueue<ConformanceViolation> _violations = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private int _sent;

    public ModelConformanceHandler()
    {
    }

    public ModelConformanceHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    public IReadOnlyList<ConformanceViolation> Violations => [.. _violations];

    /// <summary>
    /// Removes and returns the violations recorded so far: a test that sends a model-breaking request on
    /// purpose (to see how the local cloud answers it) asserts on these, so they do not fail the test at dispose.
    /// </summary>
    public IReadOnlyList<ConformanceViolation> TakeViolations()
    {
        var taken = new List<ConformanceViolation>();
        while (_violations.TryDequeue(out var violation))
        {
            taken.Add(violation);
        }

        return taken;
    }

    /// <summary>Requests sent and not yet answered.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Requests sent so far (each retry attempt counts).</summary>
    public int Sent => Volatile.Read(ref _sent);

    /// <summary>Completes when a request next starts or finishes.</summary>
    public Task NextChangeAsync() => Volatile.Read(ref _changed).Task;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _sent);
        Signal();
        try
        {
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            foreach (var violation in Check(request, body))
            {
                _violations.Enqueue(violation);
            }

            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            Signal();
        }
    }

    /// <summary>The violations of one request; public so that tests can judge a request without sending it.</summary>
    public static IReadOnlyList<ConformanceViolation> Check(HttpRequestMessage request, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(body);
        if (request.Headers.TryGetValues("X-Amz-Target", out var targets))
        {
            return CheckJson(targets.First(), request.Content?.Headers.ContentType?.MediaType, body);
        }

        var authorization = request.Headers.TryGetValues("Authorization", out var values) ? values.First() : null;
        var signingName = SignatureVerifier.ScopeService(authorization);
        if (AwsServices.All.FirstOrDefault(s => s.SigningName == signingName && s.Protocol == AwsProtocol.RestJson1) is { } rest)
        {
            return CheckRestJson(rest, request, body);
        }

        return CheckQuery(signingName, request.Content?.Headers.ContentType?.MediaType, body);
    }

    /// <summary>restJson1: the method and path must be an operation's route; query-string and body members are judged together.</summary>
    private static List<ConformanceViolation> CheckRestJson(AwsService service, HttpRequestMessage request, byte[] body)
    {
        var model = ServiceModel.For(service)!;
        var path = request.RequestUri?.AbsolutePath ?? "/";
        var operation = model.OperationAt(request.Method.Method, path);
        if (operation is null)
        {
            return [Single(service.Name, path, ModelViolationKind.UnknownOperation, $"{request.Method} {path} is no operation of {service.Name}")];
        }

        var found = new List<ConformanceViolation>();
        var mediaType = request.Content?.Headers.ContentType?.MediaType;
        if (mediaType != service.JsonContentType)
        {
            found.Add(Single(service.Name, operation, ModelViolationKind.Type, $"Content-Type '{mediaType}', the model's protocol needs '{service.JsonContentType}'"));
        }

        if ((body.Length == 0 ? new JsonObject() : JsonNode.Parse(body)) is not JsonObject input)
        {
            found.Add(Single(service.Name, operation, ModelViolationKind.Type, "The body is not a JSON object"));
            return found;
        }

        var bound = model.QueryStringMembers(operation);
        var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri?.Query ?? "");
        foreach (var name in query.AllKeys)
        {
            if (bound.FirstOrDefault(b => b.Name == name) is { Member: { } member })
            {
                input[member] = query[name];
            }
            else
            {
                found.Add(Single(service.Name, operation, ModelViolationKind.UnknownMember, $"Query parameter '{name}' is bound to no member"));
            }
        }

        foreach (var (_, member) in bound.Where(b => input.ContainsKey(b.Member) && query[b.Name] is null))
        {
            found.Add(Single(service.Name, operation, ModelViolationKind.UnknownMember, $"'{member}' travels in the query string, not in the body"));
        }

        found.AddRange(ModelValidator.Validate(model, operation, input, reportUnknownMembers: true)
            .Select(v => new ConformanceViolation(service.Name, operation, v)));
        return found;
    }

    private static List<ConformanceViolation> CheckJson(string target, string? mediaType, byte[] body)
    {
        var dot = target.LastIndexOf('.');
        var prefix = dot < 0 ? target : target[..dot];
        var operation = dot < 0 ? "" : target[(dot + 1)..];
        var service = AwsServices.All.FirstOrDefault(s => s.TargetPrefix == prefix && s.Protocol != AwsProtocol.AwsQuery);
        if (service is null || ServiceModel.For(service) is not { } model)
        {
            return [Single("?", target, ModelViolationKind.UnknownOperation, $"X-Amz-Target '{target}' names no known service")];
        }

        var found = new List<ConformanceViolation>();
        if (mediaType != service.JsonContentType)
        {
            found.Add(Single(service.Name, operation, ModelViolationKind.Type, $"Content-Type '{mediaType}', the model's protocol needs '{service.JsonContentType}'"));
        }

        JsonNode? input;
        try
        {
            input = body.Length == 0 ? new JsonObject() : JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException error)
        {
            found.Add(Single(service.Name, operation, ModelViolationKind.Type, $"The body is not JSON: {error.Message}"));
            return found;
        }

        if (input is not JsonObject structure)
        {
            found.Add(Single(service.Name, operation, ModelViolationKind.Type, "The body is not a JSON object"));
            return found;
        }

        found.AddRange(ModelValidator.Validate(model, operation, structure, reportUnknownMembers: true)
            .Select(v => new ConformanceViolation(service.Name, operation, v)));
        return found;
    }

    private static List<ConformanceViolation> CheckQuery(string? signingName, string? mediaType, byte[] body)
    {
        if (mediaType != "application/x-www-form-urlencoded")
        {
            return [Single("?", "?", ModelViolationKind.UnknownOperation, $"Neither X-Amz-Target nor a form body (Content-Type '{mediaType}')")];
        }

        var form = AwsQueryForm.Parse(body);
        var operation = form.GetValueOrDefault("Action") ?? "";
        var service = AwsServices.All.FirstOrDefault(s => s.SigningName == signingName);
        if (service is null || ServiceModel.For(service) is not { } model)
        {
            return [Single("?", operation, ModelViolationKind.UnknownOperation, $"Signing name '{signingName}' names no known service")];
        }

        var found = new List<ConformanceViolation>();
        if (form.GetValueOrDefault("Version") != model.ApiVersion)
        {
            found.Add(Single(service.Name, operation, ModelViolationKind.Type, $"Version '{form.GetValueOrDefault("Version")}', the model is {model.ApiVersion}"));
        }

        found.AddRange(AwsQueryInput.Validate(model, operation, form).Select(v => new ConformanceViolation(service.Name, operation, v)));
        return found;
    }

    private static ConformanceViolation Single(string service, string operation, ModelViolationKind kind, string message) =>
        new(service, operation, new ModelViolation(kind, "(request)", "(request)", message));

    private void Signal() =>
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
