using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Forge.Api.Alerts;
using Forge.Api.Audit;
using Forge.Api.Auth;
using Forge.Api.Blueprints;
using Forge.Api.Monitoring;
using Forge.Api.Pools;
using Forge.Api.Regions;
using Forge.Api.Secrets;
using Forge.Api.Volumes;
using Forge.Api.Workspaces;
using Microsoft.AspNetCore.Authentication;

namespace Forge.Api.Portal;

/// <summary>An API problem (RFC 7807) as the portal shows it: the detail, or each field with its reasons.</summary>
public sealed record ApiProblem(int Status, string Title, string? Detail, Dictionary<string, string[]>? Errors)
{
    public string Message => Errors is { Count: > 0 }
        ? string.Join(" ", Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))
        : Detail ?? Title;
}

/// <summary>What an API call gave: the value, or the problem the API answered with.</summary>
public sealed record ApiResult<T>(T? Value, ApiProblem? Problem)
{
    public bool Ok => Problem is null;
}

/// <summary>
/// The portal's client of Forge's REST API, calling it over HTTP with the signed-in user's access token, so every page
/// and action is authorized by the API exactly as for any other client (developers see their own workstations, team
/// leads their teams', admins all). The browser's address is passed on as <c>X-Forwarded-For</c>, which the API honours
/// from loopback (a known proxy by default), so "nearest to your location" means the person's location.
/// </summary>
public sealed class PortalApi(IHttpClientFactory clients, PortalApiAddress address, IHttpContextAccessor accessor)
{
    public const string HttpClientName = "ForgePortalApi";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<ApiResult<List<BlueprintView>>> BlueprintsAsync(CancellationToken ct) => GetAsync<List<BlueprintView>>("api/v1/blueprints", ct);

    public Task<ApiResult<List<RegionView>>> RegionsAsync(CancellationToken ct) => GetAsync<List<RegionView>>("api/v1/regions", ct);

    public Task<ApiResult<WorkspacePage>> WorkspacesAsync(string? status, string? owner, string? cursor, int limit, CancellationToken ct) =>
        GetAsync<WorkspacePage>("api/v1/workspaces" + Query(("status", status), ("owner", owner), ("cursor", cursor), ("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture))), ct);

    public Task<ApiResult<WorkspaceView>> WorkspaceAsync(Guid id, CancellationToken ct) => GetAsync<WorkspaceView>($"api/v1/workspaces/{id}", ct);

    public Task<ApiResult<WorkspaceView>> CreateAsync(CreateWorkspaceRequest request, CancellationToken ct) =>
        SendAsync<WorkspaceView>(HttpMethod.Post, "api/v1/workspaces", request, ct);

    /// <summary>stop, start, reboot, terminate, keep-alive-on, keep-alive-off or sync-dotfiles; null for any other name.</summary>
    public async Task<ApiResult<JsonElement>?> ActAsync(Guid id, string action, CancellationToken ct) => action switch
    {
        "stop" or "start" or "reboot" => await SendAsync<JsonElement>(HttpMethod.Post, $"api/v1/workspaces/{id}/{action}", null, ct),
        "terminate" => await SendAsync<JsonElement>(HttpMethod.Delete, $"api/v1/workspaces/{id}", null, ct),
        "keep-alive-on" or "keep-alive-off" => await SendAsync<JsonElement>(HttpMethod.Put, $"api/v1/workspaces/{id}/keep-alive",
            new KeepAliveRequest(action == "keep-alive-on"), ct),
        "sync-dotfiles" => await SendAsync<JsonElement>(HttpMethod.Post, $"api/v1/workspaces/{id}/dotfiles/sync", null, ct),
        _ => null,
    };

    public Task<ApiResult<UserVolumePage>> VolumesAsync(CancellationToken ct) => GetAsync<UserVolumePage>("api/v1/volumes", ct);

    public Task<ApiResult<SecretListView>> SecretsAsync(string? region, CancellationToken ct) =>
        GetAsync<SecretListView>("api/v1/secrets" + Query(("region", region)), ct);

    public Task<ApiResult<AuditPage>> AuditAsync(string? actor, string? action, string? target, long? before, CancellationToken ct) =>
        GetAsync<AuditPage>("api/v1/audit" + Query(("actor", actor), ("action", action), ("target", target),
            ("before", before?.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("limit", "50")), ct);

    /// <summary>The provisioning figures over <c>[from, now]</c> in buckets of <paramref name="bucket"/> (e.g. <c>1h</c>).</summary>
    public Task<ApiResult<ProvisioningSummary>> ProvisioningMetricsAsync(DateTimeOffset from, string bucket, CancellationToken ct) =>
        GetAsync<ProvisioningSummary>("api/v1/metrics/provisioning" + Query(("from", from.ToString("O", System.Globalization.CultureInfo.InvariantCulture)), ("bucket", bucket)), ct);

    public Task<ApiResult<AlertsPage>> AlertsAsync(CancellationToken ct) => GetAsync<AlertsPage>("api/v1/alerts", ct);

    public Task<ApiResult<PoolPage>> PoolsAsync(CancellationToken ct) => GetAsync<PoolPage>("api/v1/pools", ct);

    /// <summary>An admin's change of a pool (<c>PATCH /api/v1/pools/{blueprint}/{os}/{region}</c>).</summary>
    public Task<ApiResult<PoolView>> UpdatePoolAsync(PoolKey pool, UpdatePoolRequest request, CancellationToken ct) =>
        SendAsync<PoolView>(HttpMethod.Patch, PoolPath(pool), request, ct);

    public Task<ApiResult<ReservationView>> CreateReservationAsync(PoolKey pool, CreateReservationRequest request, CancellationToken ct) =>
        SendAsync<ReservationView>(HttpMethod.Post, PoolPath(pool) + "/reservations", request, ct);

    public Task<ApiResult<JsonElement>> DeleteReservationAsync(PoolKey pool, Guid id, CancellationToken ct) =>
        SendAsync<JsonElement>(HttpMethod.Delete, PoolPath(pool) + $"/reservations/{id}", null, ct);

    /// <summary>The owner's credential of a pool-built workstation; shown once on the page that asked, never kept.</summary>
    public Task<ApiResult<SignInView>> SignInAsync(Guid id, CancellationToken ct) => SendAsync<SignInView>(HttpMethod.Post, $"api/v1/workspaces/{id}/sign-in", null, ct);

    /// <summary>A development token from <c>POST /api/v1/dev/tokens</c> (local mode only; anonymous).</summary>
    public Task<ApiResult<DevTokenResponse>> DevTokenAsync(DevTokenRequest request, CancellationToken ct) =>
        SendAsync<DevTokenResponse>(HttpMethod.Post, "api/v1/dev/tokens", request, ct);

    private Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken ct) => SendAsync<T>(HttpMethod.Get, path, null, ct);

    private async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        var http = accessor.HttpContext ?? throw new InvalidOperationException("The portal calls the API only while serving a request.");
        using var request = new HttpRequestMessage(method, new Uri(address.Get(), path));
        if (await http.GetTokenAsync(PortalAuth.CookieScheme, PortalAuth.AccessTokenName) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (http.Connection.RemoteIpAddress is { } client)
        {
            request.Headers.Add("X-Forwarded-For", client.ToString());
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        using var response = await clients.CreateClient(HttpClientName).SendAsync(request, ct);
        if (response.IsSuccessStatusCode)
        {
            var value = response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0
                ? default : await response.Content.ReadFromJsonAsync<T>(Json, ct);
            return new ApiResult<T>(value, null);
        }

        var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? await response.Content.ReadFromJsonAsync<ApiProblem>(Json, ct) : null;
        return new ApiResult<T>(default, problem ?? new ApiProblem((int)response.StatusCode, response.ReasonPhrase ?? "The API refused the request.", null, null));
    }

    private static string PoolPath(PoolKey pool) =>
        $"api/v1/pools/{Uri.EscapeDataString(pool.Blueprint)}/{Uri.EscapeDataString(pool.Os)}/{Uri.EscapeDataString(pool.Region)}";

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
    }
}
