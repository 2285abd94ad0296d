using System.Net.Http.Json;
using System.Text.Json;
using Forge.Api.Tests.Support;

namespace Forge.Cli.Tests;

/// <summary>
/// <c>forge sign-in ID</c>: the owner of a workstation claimed from a warm pool reads its pool identity's user name and
/// password (to stdout only, never to the config folder); anyone who cannot see it is told it is not found, a team lead
/// who can see it is not allowed, and a workstation built on demand has nothing to reveal.
/// </summary>
public sealed class SignInCommandTests : CliTestBase
{
    [Fact]
    public async Task The_owner_of_a_pool_claimed_workstation_reads_its_sign_in_and_nobody_else_does()
    {
        UseForge(StartForge(new()
        {
            ["Pools:Enabled"] = "true",
            ["Pools:Regions:0"] = "us-east-1",
            ["Pools:backend:linux:Min"] = "1",
            ["Pools:backend:linux:Max"] = "2",
            // Only the pool under test builds members.
            ["Pools:backend:windows:Enabled"] = "false",
            ["Pools:frontend:linux:Enabled"] = "false",
        }));
        var admin = await Forge.ClientForAsync("root", [], ["admin"]);
        await Eventually.UntilAsync(Clock, () => IdleMembersAsync(admin), idle => idle >= 1, Step, maxRounds: 600);
        await LoginAsync();

        var created = await RunDrivenAsync("create", "--blueprint", "backend", "--os", "linux", "--wait", "--no-probe");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.True(created.Out.Contains("Ready-built: claimed from the warm pool's", StringComparison.Ordinal), created.ToString());
        var id = CreatedId(created);
        var shown = (await RunAsync("show", id.ToString(), "-o", "json")).Json;
        Assert.StartsWith("pool-", shown.GetProperty("provisioningPath").GetString(), StringComparison.Ordinal);
        var poolUser = shown.GetProperty("connection").GetProperty("directoryUser").GetString()!;
        Assert.StartsWith("fp-", poolUser, StringComparison.Ordinal);

        var signIn = await RunAsync("sign-in", id.ToString());
        Assert.True(signIn.ExitCode == 0, signIn.ToString());
        // The same credential the API answers its owner: the CLI printed the secret's password, not something of its own.
        var api = await (await Forge.ClientForAsync("alice", ["Engineering"])).PostAsync($"/api/v1/workspaces/{id}/sign-in", null);
        var password = (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("password").GetString()!;
        Assert.Contains($"  Password:           {password}\n", signIn.Out, StringComparison.Ordinal);
        Assert.Contains($"  User name:          {poolUser}\n", signIn.Out, StringComparison.Ordinal);
        Assert.Empty(signIn.Error);
        Assert.DoesNotContain(Directory.EnumerateFiles(ConfigHome, "*", SearchOption.AllDirectories),
            file => File.ReadAllText(file).Contains(password, StringComparison.Ordinal));

        var transcript = await TranscriptAsync(["sign-in", id.ToString()]);
        // The frontend pool is disabled: carol's request is built on demand, for her own directory user.
        await LoginAsync("carol");
        var onDemand = await RunAsync("create", "--blueprint", "frontend", "--os", "linux", "--no-probe");
        transcript += await TranscriptAsync(["sign-in", CreatedId(onDemand).ToString()], ["sign-in", id.ToString()]);
        await LoginAsync("lena", "--role", "team-lead");
        transcript += await TranscriptAsync(["sign-in", id.ToString()]);

        Golden.Match("sign-in", transcript.Replace(password, "<password>", StringComparison.Ordinal).Replace(poolUser, "<pool-user>", StringComparison.Ordinal));
        await LoginAsync();
        var showText = await RunAsync("show", id.ToString());
        Assert.Contains("Path:        claimed from the warm pool's", showText.Out, StringComparison.Ordinal);
        Assert.Contains($"(the password: 'forge sign-in {id}')", showText.Out, StringComparison.Ordinal);
    }

    /// <summary>
    /// Members waiting in the stopped tier with nothing on its way. With no demand yet the planner holds the whole floor
    /// stopped: a new member is ready for a moment, then parked, and is not claimable while it parks.
    /// </summary>
    private static async Task<int> IdleMembersAsync(HttpClient admin)
    {
        var pool = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/pools")).GetProperty("pools").EnumerateArray()
            .SingleOrDefault(p => p.GetProperty("pool").GetString() == "backend/linux/us-east-1");
        if (pool.ValueKind != JsonValueKind.Object)
        {
            return 0; // the pool's first pass has not run yet
        }

        var members = pool.GetProperty("members");
        int Count(string tier) => members.GetProperty(tier).GetInt32();
        return Count("building") + Count("resuming") + Count("parking") > 0 ? 0 : Count("stopped");
    }
}
