using System.Text.Json.Nodes;
using Forge.LocalCloud.DirectoryServiceData;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.LocalCloud.Tests.WorkSpaces;

/// <summary>The machine view shows the directory user its WorkSpace is bound to, as the directory holds it now.</summary>
public sealed class MachineIdentityViewTests : IAsyncLifetime
{
    private WorkSpacesEmulator _cloud = null!;

    public async Task InitializeAsync() => _cloud = await WorkSpacesEmulator.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task A_workspace_built_for_a_directory_user_shows_it_enabled_with_its_groups_and_a_stranger_by_name_only()
    {
        var directory = _cloud.Cloud.Services.GetRequiredService<LocalDirectories>().InRegion(WorkSpacesEmulator.Region)!;
        lock (directory.Sync)
        {
            // CreateAsync builds for user0, user1, ...: user0 is a pool identity already bound, user1 is unknown here.
            directory.Users["user0"] = new DirectoryUser { SamAccountName = "user0", Sid = directory.NextSid(), Enabled = true, PasswordSetAt = _cloud.Clock.GetUtcNow() };
            directory.Groups["Forge Developers"].Members.Add("user0");
        }

        var ids = await _cloud.CreateAsync(2);

        var bound = await IdentityAsync(ids[0]);
        Assert.Equal(("user0", true, true, true), ((string?)bound["userName"], (bool)bound["inDirectory"]!, (bool)bound["enabled"]!, (bool)bound["passwordSet"]!));
        Assert.Equal(["Forge Developers"], bound["groups"]!.AsArray().Select(g => (string)g!));
        var stranger = await IdentityAsync(ids[1]);
        Assert.Equal(("user1", false), ((string?)stranger["userName"], (bool)stranger["inDirectory"]!));
        Assert.False(stranger.ContainsKey("groups"));

        lock (directory.Sync)
        {
            directory.Users["user0"].Enabled = false; // retired: the view follows the directory
        }

        Assert.False((bool)(await IdentityAsync(ids[0]))["enabled"]!);
    }

    private async Task<JsonObject> IdentityAsync(string workspaceId)
    {
        var view = JsonNode.Parse(await _cloud.Control.GetStringAsync(new Uri($"_localcloud/machines/{workspaceId}", UriKind.Relative)))!;
        return view["identity"]!.AsObject();
    }
}
