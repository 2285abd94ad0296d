using Forge.Aws.Fsx;

namespace Forge.Aws.Tests.Fsx;

public sealed class FsxClientTests : IAsyncLifetime
{
    private readonly FsxTestCloud _t = new();

    public Task InitializeAsync() => _t.InitializeAsync();

    public Task DisposeAsync() => _t.DisposeAsync();

    [Fact]
    public async Task A_new_volume_is_creating_until_the_volume_create_time_has_passed_then_created()
    {
        var created = (await _t.Fsx.CreateVolumeAsync(_t.Volume("home_alice"))).Volume!;

        Assert.Matches("^fsvol-[0-9a-f]{17}$", created.VolumeId);
        Assert.Equal(VolumeLifecycle.Creating, created.Lifecycle);
        Assert.Equal(_t.UsEast1.FileSystemId, created.FileSystemId);
        Assert.Equal("/home_alice", created.OntapConfiguration!.JunctionPath);
        Assert.Equal(10L * 1024 * 1024 * 1024, created.OntapConfiguration.SizeInBytes);
        Assert.Equal(10 * 1024, created.OntapConfiguration.SizeInMegabytes);
        Assert.Equal(TieringPolicyName.SnapshotOnly, created.OntapConfiguration.TieringPolicy!.Name);
        Assert.Equal(_t.Clock.GetUtcNow(), created.CreationTime);
        Assert.Equal($"arn:aws:fsx:us-east-1:000000000000:volume/{_t.UsEast1.FileSystemId}/{created.VolumeId}", created.ResourceARN);

        _t.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(VolumeLifecycle.Creating, (await Describe(created.VolumeId!)).Lifecycle);
        _t.Clock.Advance(TimeSpan.FromMinutes(1));
        var ready = await Describe(created.VolumeId!);
        Assert.Equal(VolumeLifecycle.Created, ready.Lifecycle);
        Assert.True(VolumeLifecycle.IsReady(ready.Lifecycle));
    }

    [Fact]
    public async Task The_same_client_request_token_answers_the_same_volume_and_refuses_other_parameters()
    {
        var request = _t.Volume("home_bob");
        var first = (await _t.Fsx.CreateVolumeAsync(request)).Volume!;
        Assert.False(string.IsNullOrEmpty(request.ClientRequestToken));

        var again = (await _t.Fsx.CreateVolumeAsync(request)).Volume!;
        Assert.Equal(first.VolumeId, again.VolumeId);

        var changed = _t.Volume("home_bob");
        changed.ClientRequestToken = request.ClientRequestToken;
        changed.OntapConfiguration!.SizeInBytes *= 2;
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _t.Fsx.CreateVolumeAsync(changed));
        Assert.Equal(FsxErrorCodes.IncompatibleParameterError, error.ErrorCode);
        Assert.Contains("SizeInBytes", error.ErrorMessage, StringComparison.Ordinal);

        var all = await _t.Fsx.EnumerateVolumesAsync(new DescribeVolumesRequest()).ToListAsync();
        Assert.Single(all);
    }

    [Fact]
    public async Task Describe_filters_by_svm_and_file_system_and_the_helper_follows_every_page()
    {
        var ids = new List<string>();
        foreach (var name in new[] { "v1", "v2", "v3", "v4", "v5" })
        {
            ids.Add((await _t.Fsx.CreateVolumeAsync(_t.Volume(name))).Volume!.VolumeId!);
        }

        var firstPage = await _t.Fsx.DescribeVolumesAsync(new DescribeVolumesRequest { MaxResults = 2 });
        Assert.Equal(2, firstPage.Volumes!.Count);
        Assert.NotNull(firstPage.NextToken);

        var filtered = await _t.Fsx.EnumerateVolumesAsync(new DescribeVolumesRequest
        {
            MaxResults = 2,
            Filters =
            [
                new VolumeFilter { Name = VolumeFilterName.StorageVirtualMachineId, Values = [_t.UsEast1.StorageVirtualMachineId] },
                new VolumeFilter { Name = VolumeFilterName.FileSystemId, Values = [_t.UsEast1.FileSystemId] },
            ],
        }).Select(v => v.VolumeId!).ToListAsync();
        Assert.Equal(ids.Order(StringComparer.Ordinal), filtered);

        var otherFileSystem = await _t.Fsx.DescribeVolumesAsync(new DescribeVolumesRequest
        {
            Filters = [new VolumeFilter { Name = VolumeFilterName.FileSystemId, Values = ["fs-0123456789abcdef0"] }],
        });
        Assert.Empty(otherFileSystem.Volumes!);

        var byIds = await _t.Fsx.DescribeVolumesAsync(new DescribeVolumesRequest { VolumeIds = [ids[0], ids[3]] });
        Assert.Equal(new[] { ids[0], ids[3] }.Order(StringComparer.Ordinal), byIds.Volumes!.Select(v => v.VolumeId));
    }

    [Fact]
    public async Task A_deleted_volume_is_deleting_then_gone()
    {
        var volume = (await _t.Fsx.CreateVolumeAsync(_t.Volume("home_carol"))).Volume!;
        _t.Clock.Advance(TimeSpan.FromMinutes(3));

        var deleted = await _t.Fsx.DeleteVolumeAsync(new DeleteVolumeRequest
        {
            VolumeId = volume.VolumeId!,
            OntapConfiguration = new DeleteVolumeOntapConfiguration { SkipFinalBackup = true },
        });
        Assert.Equal(VolumeLifecycle.Deleting, deleted.Lifecycle);
        Assert.Null(deleted.OntapResponse);
        Assert.Equal(VolumeLifecycle.Deleting, (await Describe(volume.VolumeId!)).Lifecycle);

        _t.Clock.Advance(TimeSpan.FromMinutes(2));
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Describe(volume.VolumeId!));
        Assert.Equal(FsxErrorCodes.VolumeNotFound, error.ErrorCode);
        Assert.Empty((await _t.Fsx.DescribeVolumesAsync(new DescribeVolumesRequest())).Volumes!);
    }

    [Fact]
    public async Task Deleting_with_a_final_backup_answers_its_id_and_tags()
    {
        var volume = (await _t.Fsx.CreateVolumeAsync(_t.Volume("home_dave"))).Volume!;

        var deleted = await _t.Fsx.DeleteVolumeAsync(new DeleteVolumeRequest
        {
            VolumeId = volume.VolumeId!,
            OntapConfiguration = new DeleteVolumeOntapConfiguration { FinalBackupTags = [new Tag { Key = "why", Value = "offboarded" }] },
        });

        Assert.Matches("^backup-[0-9a-f]{17}$", deleted.OntapResponse!.FinalBackupId);
        Assert.Equal("offboarded", Assert.Single(deleted.OntapResponse.FinalBackupTags!).Value);
    }

    [Fact]
    public async Task The_seeded_svm_is_described_with_its_endpoints_in_every_region()
    {
        var svm = Assert.Single(await _t.Fsx.EnumerateStorageVirtualMachinesAsync(new DescribeStorageVirtualMachinesRequest()).ToListAsync());
        Assert.Equal(_t.UsEast1.StorageVirtualMachineId, svm.StorageVirtualMachineId);
        Assert.Equal(_t.UsEast1.FileSystemId, svm.FileSystemId);
        Assert.Equal(StorageVirtualMachineLifecycle.Created, svm.Lifecycle);
        Assert.Equal($"{svm.StorageVirtualMachineId}.{svm.FileSystemId}.fsx.us-east-1.amazonaws.com", svm.Endpoints!.Nfs!.DNSName);
        Assert.NotEmpty(svm.Endpoints.Smb!.IpAddresses!);
        Assert.Equal(_t.UsEast1.DomainName, svm.ActiveDirectoryConfiguration!.SelfManagedActiveDirectoryConfiguration!.DomainName);

        var frankfurt = Forge.LocalCloud.Hosting.SeedInventory.For("eu-central-1");
        var other = await _t.Fsx.DescribeStorageVirtualMachinesAsync(new DescribeStorageVirtualMachinesRequest
        {
            StorageVirtualMachineIds = [frankfurt.StorageVirtualMachineId],
        }, "eu-central-1");
        Assert.Equal(frankfurt.FileSystemId, Assert.Single(other.StorageVirtualMachines!).FileSystemId);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _t.Fsx.DescribeStorageVirtualMachinesAsync(
            new DescribeStorageVirtualMachinesRequest { StorageVirtualMachineIds = [frankfurt.StorageVirtualMachineId] }));
        Assert.Equal(FsxErrorCodes.StorageVirtualMachineNotFound, error.ErrorCode);
    }

    private async Task<Volume> Describe(string volumeId) =>
        Assert.Single((await _t.Fsx.DescribeVolumesAsync(new DescribeVolumesRequest { VolumeIds = [volumeId] })).Volumes!);
}
