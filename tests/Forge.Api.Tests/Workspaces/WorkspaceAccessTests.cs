using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Forge.Api.Workstation;
using Forge.Api.Auth;
using Forge.Api.Tests.Support;
using Forge.Api.Workspaces;

namespace Forge.Api.Tests.Workspaces;

public abstract class WorkspaceAccessTests : ForgeTestBase
{
    [Fact]
    public async Task Owners_their_team_leads_and_admins_see_a_workspace_and_nobody_else_does()
    {
        var app = StartForge();
        var alice = await app.ClientForAsync("alice", ["red"]);
        var bob = await app.ClientForAsync("bob", ["red"]);
        var redLead = await app.ClientForAsync("rita", ["red"], [Roles.TeamLead]);
        var blueLead = await app.ClientForAsync("bert", ["blue"], [Roles.TeamLead]);
        var admin = await app.ClientForAsync("ada", roles: [Roles.Admin]);
        var alices = await alice.CreateWorkspaceAsync();
        var bobs = await bob.CreateWorkspaceAsync(new { blueprint = "frontend", operatingSystem = "linux" });

        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/v1/workspaces/{alices.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync($"/api/v1/workspaces/{alices.Id}/stop", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.DeleteAsync($"/api/v1/workspaces/{alices.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await blueLead.GetAsync($"/api/v1/workspaces/{alices.Id}")).StatusCode);
        Assert.Equal([bobs.Id], (await bob.ListWorkspacesAsync()).Select(w => w.Id));
        Assert.Empty(await blueLead.ListWorkspacesAsync());

        Assert.Equal(alices.Id, (await redLead.GetWorkspaceAsync(alices.Id)).Id);
        Assert.Equal(new[] { alices.Id, bobs.Id }.Order(), (await redLead.ListWorkspacesAsync()).Select(w => w.Id).Order());
        Assert.Equal([alices.Id], (await redLead.ListWorkspacesAsync("?owner=alice")).Select(w => w.Id));
        Assert.Equal(new[] { alices.Id, bobs.Id }.Order(), (await admin.ListWorkspacesAsync("?status=provisioning")).Select(w => w.Id).Order());
        Assert.Empty(await admin.ListWorkspacesAsync("?status=ready"));

        var anonymous = app.CreateClient();
        var unauthorized = await anonymous.GetAsync("/api/v1/workspaces");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(401, (await unauthorized.ProblemAsync()).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/workspaces", new { blueprint = "backend", operatingSystem = "linux" })).StatusCode);
    }

    [Fact]
    public async Task The_list_pages_newest_first_by_cursor_without_repeating_or_skipping()
    {
        var app = StartForge();
        var admin = await app.ClientForAsync("ada", roles: [Roles.Admin]);
        var created = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            // Same fake instant for all: the id alone orders them, as it must for workspaces requested together.
            created.Add((await (await app.ClientForAsync($"user{i}")).CreateWorkspaceAsync()).Id);
        }

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await admin.GetFromJsonAsync<WorkspacePage>(
                "/api/v1/workspaces?limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"), ApiClient.Json);
            Assert.InRange(page!.Workspaces.Count, 1, 2);
            seen.AddRange(page.Workspaces.Select(w => w.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(created.Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());

        var badLimit = await admin.GetAsync("/api/v1/workspaces?limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.Contains("limit", (await badLimit.ProblemAsync()).GetRawText(), StringComparison.Ordinal);
        var badCursor = await admin.GetAsync("/api/v1/workspaces?cursor=not-a-cursor");
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
        Assert.Contains("cursor", (await badCursor.ProblemAsync()).GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"blueprint\": \"backend\", ", 400, "$")]
    [InlineData("{\"blueprint\": \"backend\", \"operatingSystem\": \"linux\", \"colour\": \"red\"}", 400, "$.colour")]
    [InlineData("{\"blueprint\": 7, \"operatingSystem\": \"linux\"}", 400, "$.blueprint")]
    [InlineData("{\"blueprint\": \"quantum\", \"operatingSystem\": \"linux\"}", 422, "blueprint")]
    [InlineData("{\"blueprint\": \"backend\", \"operatingSystem\": \"macos\"}", 422, "operatingSystem")]
    [InlineData("{\"blueprint\": \"frontend\", \"operatingSystem\": \"windows\"}", 422, "operatingSystem")]
    [InlineData("{\"blueprint\": \"backend\", \"operatingSystem\": \"linux\", \"bundle\": \"wsb-other\"}", 422, "bundle")]
    [InlineData("{\"blueprint\": \"backend\", \"operatingSystem\": \"linux\", \"region\": \"mars-north-1\"}", 422, "region")]
    [InlineData("{\"blueprint\": \"backend\", \"operatingSystem\": \"linux\", \"latencyHintsMs\": {\"us-east-1\": -5}}", 422, "latencyHintsMs")]
    [InlineData("{\"operatingSystem\": \"linux\"}", 422, "blueprint")]
    public async Task Invalid_requests_are_refused_with_a_problem_naming_the_field_and_leave_no_trace(string body, int status, string field)
    {
        var app = StartForge();
        var alice = await app.ClientForAsync("alice");

        var response = await alice.PostAsync("/api/v1/workspaces", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(status, (int)response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Empty(await alice.ListWorkspacesAsync());
        Assert.Equal(0, Cloud.TotalCreateCalls);
    }

    [Fact]
    public async Task An_unknown_region_is_refused_with_the_choices()
    {
        var app = StartForge();
        var alice = await app.ClientForAsync("alice");

        var response = await alice.PostAsJsonAsync("/api/v1/workspaces", new { blueprint = "backend", operatingSystem = "linux", region = "mars-north-1" });

        var message = (await response.ProblemAsync()).GetProperty("errors").GetProperty("region")[0].GetString();
        Assert.Contains("us-east-1", message, StringComparison.Ordinal);
        Assert.Contains("eu-west-1", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_before_it_is_read_whole()
    {
        var app = StartForge();
        var alice = await app.ClientForAsync("alice");
        var body = JsonSerializer.Serialize(new { blueprint = "backend", operatingSystem = "linux", bundle = new string('x', 100_000) });

        var response = await alice.PostAsync("/api/v1/workspaces", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("$", out _));
        Assert.Empty(await alice.ListWorkspacesAsync());
    }

    [Fact]
    public async Task The_same_Idempotency_Key_twice_yields_one_workspace()
    {
        var app = StartForge();
        var alice = await app.ClientForAsync("alice");

        var first = await alice.CreateWorkspaceAsync(idempotencyKey: "key-1");
        var again = await alice.CreateWorkspaceAsync(idempotencyKey: "key-1");
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => alice.CreateWorkspaceAsync(idempotencyKey: "key-2")));

        Assert.Equal(first.Id, again.Id);
        Assert.Single(concurrent.Select(w => w.Id).Distinct());
        Assert.Equal(2, (await alice.ListWorkspacesAsync()).Count);
        using var different = new HttpRequestMessage(HttpMethod.Post, "/api/v1/workspaces")
        {
            Content = JsonContent.Create(new { blueprint = "frontend", operatingSystem = "linux" }),
        };
        different.Headers.Add("Idempotency-Key", "key-1");
        var conflict = await alice.SendAsync(different);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, conflict.StatusCode);
        Assert.True((await conflict.ProblemAsync()).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task Every_state_change_is_in_the_audit_log_which_only_admins_read()
    {
        var app = StartForge();
        var alice = await app.ClientForAsync("alice");
        var admin = await app.ClientForAsync("ada", roles: [Roles.Admin]);
        var id = (await alice.CreateWorkspaceAsync()).Id;
        using var stop = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/workspaces/{id}/stop");
        stop.Headers.Add("X-Correlation-Id", "corr-42");
        Assert.Equal(HttpStatusCode.Conflict, (await alice.SendAsync(stop)).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/api/v1/audit")).StatusCode);
        var page = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?target={id}");
        var entries = page.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["workspace.stop", "workspace.create"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["rejected", "accepted"], entries.Select(e => e.GetProperty("outcome").GetString()));
        Assert.All(entries, e => Assert.Equal("alice", e.GetProperty("actor").GetString()));
        Assert.Equal("corr-42", entries[0].GetProperty("correlationId").GetString());
    }

    [Fact]
    public async Task The_events_stream_reports_steps_until_the_workspace_is_ready()
    {
        var app = StartForge();
        var alice = await app.ClientForAsync("alice");
        var id = (await alice.CreateWorkspaceAsync()).Id;

        using var response = await alice.GetAsync($"/api/v1/workspaces/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reading = response.Content.ReadAsStringAsync();
        await Eventually.UntilAsync(Clock, () => Task.FromResult(reading.IsCompleted), done => done, TimeSpan.FromSeconds(15));
        var stream = await reading;

        Assert.Contains("event: step", stream, StringComparison.Ordinal);
        Assert.Contains(StepNames.WaitAvailable, stream, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"ready\"", stream, StringComparison.Ordinal);
    }
}

public sealed class WorkspaceAccessTestsOnSqlite : WorkspaceAccessTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class WorkspaceAccessTestsOnPostgres : WorkspaceAccessTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
