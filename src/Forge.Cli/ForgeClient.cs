using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Forge.Cli;

/// <summary>
/// The Forge API over HTTP, as the command line uses it. Every answer that is not a success becomes a
/// <see cref="CliException"/> whose message is one line (the problem's fields and reasons, or its detail)
/// and whose exit code says what kind of failure it was.
/// </summary>
public sealed class ForgeClient : IDisposable
{
    /// <summary>How long an ordinary request may take. 100 seconds, HttpClient's usual limit.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(100);

    private readonly HttpClient _http;

    public ForgeClient(HttpMessageHandler handler, Uri server, string? accessToken)
    {
        Server = server;
        _http = new HttpClient(handler, disposeHandler: true) { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("forge-cli", "1"));
        if (accessToken is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }
    }

    public Uri Server { get; }

    public async Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, path, null, cancellationToken))!.Value;

    public async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        CliJson.Read<T>(await GetAsync(path, cancellationToken));

    /// <summary>Sends a request; the answer's JSON, or null for an answer without a body (204).</summary>
    public async Task<JsonElement?> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: CliJson.Options);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        // A bounded wait for ordinary answers (event streams are open-ended and have none).
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            if (response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0)
            {
                return null;
            }

            return await response.Content.ReadFromJsonAsync<JsonElement>(CliJson.Options, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Failed, $"no answer from {TokenCache.Normalize(Server)} within {RequestTimeout.TotalSeconds:0} s");
        }
    }

    /// <summary>Opens a server-sent event stream; the caller reads and disposes the response.</summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return await SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CliException(ExitCodes.Failed, $"cannot reach {Server}: {e.Message}");
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await FailureAsync(response, cancellationToken);
        }
    }

    /// <summary>An RFC 7807 problem (or any other failed answer) as one line and an exit code.</summary>
    public async Task<CliException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        string? message = null;
        try
        {
            using var problem = JsonDocument.Parse(text);
            var root = problem.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                message = Fields(root) ?? String(root, "detail") ?? String(root, "title");
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page): the status says enough.
        }

        message ??= $"the server answered {status} {response.ReasonPhrase}";
        return status switch
        {
            401 => new CliException(ExitCodes.Auth, $"{TokenCache.Normalize(Server)} did not accept your token (expired, or not from this server's sign-in): run 'forge login'"),
            403 => new CliException(ExitCodes.Auth, $"not allowed: {message}"),
            404 => new CliException(ExitCodes.NotFound, message),
            400 or 415 or 422 => new CliException(ExitCodes.Usage, message),
            _ => new CliException(ExitCodes.Failed, message),
        };
    }

    // Validation problems name fields: "field: reason" for each, in the order the server gave them.
    private static string? Fields(JsonElement root)
    {
        if (!root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var parts = errors.EnumerateObject().Select(field => $"{FieldName(field.Name)}: " + string.Join(" ",
            field.Value.ValueKind == JsonValueKind.Array ? field.Value.EnumerateArray().Select(m => m.ToString()) : [field.Value.ToString()])).ToList();
        return parts.Count > 0 ? string.Join("; ", parts) : null;
    }

    // The API names body fields by JSON path ("$.blueprint") and the whole body as "$".
    private static string FieldName(string name) => name.TrimStart('$', '.') is { Length: > 0 } field ? field : "request body";

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;

    public void Dispose() => _http.Dispose();
}
