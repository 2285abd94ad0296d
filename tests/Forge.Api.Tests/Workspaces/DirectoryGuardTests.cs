extern alias localcloud;
using Forge.Api.Hardening;
using Forge.Api.Tests.Support;
using Forge.Aws.WorkSpaces;
using localcloud::Forge.LocalCloud.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.Api.Tests.Workspaces;

/// <summary>
/// The directory's description is one shared answer for <see cref="DirectoryGuard.DescriptionFreshness"/>: a burst of
/// verifications costs one call of WorkSpaces' small budget, an answer past it is asked again, and Forge's own
/// repair drops it. Through Forge's clients against the local cloud; the database plays no part.
/// </summary>
public sealed class DirectoryGuardTests : ForgeTestBase
{
    private const string Region = "us-east-1";
    private const string Describe = "WorkspacesService.DescribeWorkspaceDirectories";
    private static readonly string DirectoryId = SeedInventory.For(Region).DirectoryId;

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task Verifications_share_one_description_while_it_is_fresh_and_a_repair_is_seen_at_once()
    {
        var app = StartForge();
        var guard = app.Services.GetRequiredService<DirectoryGuard>();
        await guard.EnsureAsync(Region, DirectoryId, default);
        Clock.Advance(DirectoryGuard.DescriptionFreshness);
        var before = Cloud.Calls(Describe);

        var checks = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => guard.CheckAsync(Region, DirectoryId, default)));

        Assert.All(checks, Assert.Empty);
        Assert.Equal(before + 1, Cloud.Calls(Describe));

        // Someone lets zero clients (PCoIP only) in behind Forge's back: seen once the shared answer is old.
        var opened = DirectoryGuard.WantedAccess();
        opened.DeviceTypeZeroClient = DirectoryGuard.Allow;
        await app.Services.GetRequiredService<WorkSpacesClient>().ModifyWorkspaceAccessPropertiesAsync(
            new ModifyWorkspaceAccessPropertiesRequest { ResourceId = DirectoryId, WorkspaceAccessProperties = opened }, Region);
        Clock.Advance(DirectoryGuard.DescriptionFreshness - TimeSpan.FromSeconds(1));
        Assert.Empty(await guard.CheckAsync(Region, DirectoryId, default));
        Assert.Equal(before + 1, Cloud.Calls(Describe));
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["DeviceTypeZeroClient: expected DENY, observed ALLOW"], await guard.CheckAsync(Region, DirectoryId, default));
        Assert.Equal(before + 2, Cloud.Calls(Describe));

        // Forge's repair drops the shared answer: the next verification asks, and sees it repaired.
        await guard.EnsureAsync(Region, DirectoryId, default);
        Assert.Empty(await guard.CheckAsync(Region, DirectoryId, default));
        Assert.Equal(before + 3, Cloud.Calls(Describe));
    }
}
