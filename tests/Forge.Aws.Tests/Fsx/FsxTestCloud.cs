using Forge.Aws.DirectoryService;
using Forge.Aws.Fsx;
using Forge.LocalCloud.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Forge.Aws.Tests.Fsx;

/// <summary>A local cloud on a fake clock plus the typed clients pointed at it; one per test.</summary>
public sealed class FsxTestCloud : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    public RunningLocalCloud Cloud { get; private set; } = null!;

    public FsxClient Fsx { get; private set; } = null!;

    public DirectoryServiceClient Directories { get; private set; } = null!;

    public RegionInventory UsEast1 { get; } = SeedInventory.For("us-east-1");

    public async Task InitializeAsync()
    {
        Cloud = await LocalCloudServer.StartAsync(Clock);
        var factory = AwsClientFactory.Create(new AwsOptions
        {
            DefaultRegion = "us-east-1",
            ServiceUrl = Cloud.BaseAddress,
            AccessKeyId = "forge-local",
            SecretAccessKey = "forge-local-secret",
        }, Clock);
        Fsx = new FsxClient(factory);
        Directories = new DirectoryServiceClient(factory);
    }

    public async Task DisposeAsync() => await Cloud.DisposeAsync();

    public CreateVolumeRequest Volume(string name, string? svmId = null) => new()
    {
        VolumeType = VolumeType.Ontap,
        Name = name,
        OntapConfiguration = new CreateOntapVolumeConfiguration
        {
            StorageVirtualMachineId = svmId ?? UsEast1.StorageVirtualMachineId,
            JunctionPath = "/" + name,
            SizeInBytes = 10L * 1024 * 1024 * 1024,
            StorageEfficiencyEnabled = true,
            SecurityStyle = SecurityStyle.Ntfs,
        },
        Tags = [new Tag { Key = "forge:user", Value = name }],
    };
}
