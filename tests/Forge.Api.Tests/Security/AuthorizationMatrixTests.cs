using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Forge.Api.Secrets;
using Forge.Api.Tests.Support;
using Forge.Api.Volumes;
using Forge.Api.Workspaces;
using Forge.Aws;
using Forge.Aws.SecretsManager;

namespace Forge.Api.Tests.Security;

/// <summary>
/// Every endpoint the app maps × every kind of caller, against real workspaces, volumes and secrets made
/// through the API: each answer is the status <see cref="AuthorizationTable"/> gives, and a list shows the
/// owner's resource exactly to the callers the table names. The table must cover exactly the endpoints
/// routing knows, so an endpoint added without deciding who may call it fails here.
/// </summary>
public abstract class AuthorizationMatrixTests : ForgeTestBase
{
    [Fact]
    public async Task Every_endpoint_answers_every_kind_of_caller_as_the_table_says()
    {
        var app = StartForge();
        await CreateSecretAsync("engineering-token", $"team:{AuthorizationWorld.Team}", "ENGINEERING_TOKEN");
        await CreateSecretAsync("platform-token", "team:Platform Engineering", "PLATFORM_TOKEN");
        Clock.Advance(TimeSpan.FromSeconds(5)); // ListSecrets is eventually consistent
        var mapped = ApiSurface.Enumerate(app.Services).Select(r => $"{r.Method} {r.Pattern}").ToHashSet(StringComparer.Ordinal);
        var listed = AuthorizationTable.Rows.Select(r => r.ToString()).ToList();
        Assert.Equal(listed.Count, listed.Distinct(StringComparer.Ordinal).Count());
        Assert.True(mapped.SetEquals(listed),
            $"Mapped but not in the table: [{string.Join(", ", mapped.Except(listed).Order())}]; "
            + $"in the table but not mapped: [{string.Join(", ", listed.Except(mapped).Order())}].");
        Assert.All(AuthorizationTable.Rows, row => Assert.Equal(Enum.GetValues<Caller>().Length, row.Status.Count));
        var world = await AuthorizationWorld.BuildAsync(app, Clock, AuthorizationTable.Rows);

        var mismatches = new List<string>();
        var cells = 0;
        foreach (var row in AuthorizationTable.Rows)
        {
            foreach (var caller in Enum.GetValues<Caller>())
            {
                cells++;
                var (client, target) = world.For(row, caller);
                using var request = Request(row, target, world);
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                var expected = row.Status[caller];
                if ((int)response.StatusCode != expected)
                {
                    mismatches.Add($"{row} as {caller}: {(int)response.StatusCode}, expected {expected} {Shorten(body)}");
                    continue;
                }

                // The API's refusals are problem documents; a portal page refuses a form post with a page, for the person at the browser.
                var media = response.Content.Headers.ContentType?.MediaType;
                if (expected >= 400 && media != "application/problem+json" && !(media == "text/html" && !row.Pattern.StartsWith("/api/", StringComparison.Ordinal)))
                {
                    mismatches.Add($"{row} as {caller}: {expected} without a problem document ({response.Content.Headers.ContentType})");
                }

                if (row.Shows != Shows.Nothing && expected == 200)
                {
                    var sees = Sees(row.Shows, body, world);
                    var shouldSee = row.SeenBy!.Contains(caller);
                    if (sees != shouldSee)
                    {
                        mismatches.Add($"{row} as {caller}: {(sees ? "shows" : "hides")} {row.Shows}, expected it {(shouldSee ? "shown" : "hidden")}");
                    }
                }
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {cells} cells differ from the table:\n" + string.Join('\n', mismatches));
        Assert.Equal(AuthorizationTable.Rows.Count * Enum.GetValues<Caller>().Length, cells);
    }

    private static HttpRequestMessage Request(AuthorizationRow row, MatrixTarget? target, AuthorizationWorld world)
    {
        var path = ApiSurface.Fill(row.Pattern, name => name switch
        {
            "id" when row.Pattern.StartsWith("/api/v1/volumes", StringComparison.Ordinal) => world.SharedVolume.ToString(),
            "id" when row.Pattern.Contains("/pools/", StringComparison.Ordinal) => "019cb000-0000-7000-8000-000000000001", // a reservation no pool has
            "id" => target!.WorkspaceId.ToString(),
            "name" => "matrix-probe",
            "workspaceId" => "ws-matrixprobe",
            "documentName" => "v1",
            "blueprint" => "backend",
            "os" => "linux",
            "region" => "us-east-1",
            _ => throw new InvalidOperationException($"{row}: no value for the route parameter '{name}'."),
        });
        var query = row.Query?.Replace("{volume}", world.SharedVolume.ToString(), StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(row.Method == ApiRoute.AnyMethod ? "GET" : row.Method), path + (query is null ? "" : "?" + query));
        if (row.Body is not null)
        {
            request.Content = new StringContent(row.Body, Encoding.UTF8, "application/json");
        }

        return request;
    }

    private static bool Sees(Shows shows, string body, AuthorizationWorld world)
    {
        using var document = JsonDocument.Parse(body);
        return shows switch
        {
            Shows.SharedWorkspace => document.RootElement.Deserialize<WorkspacePage>(ApiClient.Json)!.Workspaces.Any(w => w.Id == world.Shared.WorkspaceId),
            Shows.SharedVolume => document.RootElement.Deserialize<UserVolumePage>(ApiClient.Json)!.Volumes.Any(v => v.Id == world.SharedVolume),
            Shows.EngineeringSecret => document.RootElement.Deserialize<SecretListView>(ApiClient.Json)!.Secrets.Any(s => s.EnvironmentName == "ENGINEERING_TOKEN"),
            _ => false,
        };
    }

    private static string Shorten(string body) => body.Length <= 300 ? body : body[..300] + "…";

    private async Task CreateSecretAsync(string name, string scope, string environmentName)
    {
        var secrets = new SecretsManagerClient(AwsClientFactory.Create(new AwsOptions
        {
            ServiceUrl = LocalCloud.BaseAddress,
            AccessKeyId = "forge-local",
            SecretAccessKey = "forge-local-secret",
        }, Clock));
        await secrets.CreateSecretAsync(new CreateSecretRequest
        {
            Name = name,
            SecretString = "value-of-" + name,
            Tags = [new Tag { Key = SecretDefaults.EnvironmentTagKey, Value = environmentName }, new Tag { Key = SecretDefaults.ScopeTagKey, Value = scope }],
        });
    }
}

public sealed class AuthorizationMatrixTestsOnSqlite : AuthorizationMatrixTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class AuthorizationMatrixTestsOnPostgres : AuthorizationMatrixTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
