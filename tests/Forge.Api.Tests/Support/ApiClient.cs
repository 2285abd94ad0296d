using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Forge.Api.Auth;
using Forge.Api.Workspaces;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Forge.Api.Tests.Support;

/// <summary>Test identities and the calls tests make, over HTTP like any client.</summary>
public static class ApiClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<HttpClient> ClientForAsync(this WebApplicationFactory<Program> app, string user, string[]? teams = null,
        string[]? roles = null, string? directoryUser = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/dev/tokens", new DevTokenRequest(user, [.. teams ?? []], [.. roles ?? [Roles.Developer]], directoryUser));
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<DevTokenResponse>(Json))!.Token;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<WorkspaceView> CreateWorkspaceAsync(this HttpClient client, object? body = null, string? idempotencyKey = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/workspaces")
        {
            Content = JsonContent.Create(body ?? new { blueprint = "backend", operatingSystem = "linux" }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotNull(response.Headers.Location);
        return (await response.Content.ReadFromJsonAsync<WorkspaceView>(Json))!;
    }

    public static async Task<WorkspaceView> GetWorkspaceAsync(this HttpClient client, Guid id)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await client.GetAsync($"/api/v1/workspaces/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<WorkspaceView>(Json))!;
    }

    public static async Task<List<WorkspaceView>> ListWorkspacesAsync(this HttpClient client, string query = "")
    {
        ArgumentNullException.ThrowIfNull(client);
        var page = await client.GetFromJsonAsync<WorkspacePage>("/api/v1/workspaces" + query, Json);
        return page!.Workspaces;
    }

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }
}
