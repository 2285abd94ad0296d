using System.Net;
using Forge.LocalCloud.Protocol;

namespace Forge.Aws.Tests.Resilience;

/// <summary>One request that reached the local cloud: when (on the fake clock), which operation, and its answer.</summary>
public sealed record Attempt(DateTimeOffset At, string Operation, HttpStatusCode? Status);

/// <summary>
/// The handler next to the wire: records every attempt that reaches the local cloud with the fake
/// clock's time, so tests observe backoff and rate limiting in virtual time. An attempt cancelled
/// before its answer (an attempt timeout) is recorded with no status.
/// </summary>
public sealed class AttemptRecorder(TimeProvider time) : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly Lock _gate = new();
    private readonly List<Attempt> _attempts = [];

    public IReadOnlyList<Attempt> Attempts
    {
        get
        {
            lock (_gate)
            {
                return [.. _attempts];
            }
        }
    }

    public int Count(string operation) => Attempts.Count(a => a.Operation == operation);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var at = time.GetUtcNow();
        var operation = await OperationAsync(request, cancellationToken);
        HttpStatusCode? status = null;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            status = response.StatusCode;
            return response;
        }
        finally
        {
            lock (_gate)
            {
                _attempts.Add(new Attempt(at, operation, status));
            }
        }
    }

    private static async Task<string> OperationAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.TryGetValues("X-Amz-Target", out var targets))
        {
            var target = targets.First();
            return target[(target.LastIndexOf('.') + 1)..];
        }

        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        return AwsQueryForm.Parse(body).GetValueOrDefault("Action") ?? "?";
    }
}
