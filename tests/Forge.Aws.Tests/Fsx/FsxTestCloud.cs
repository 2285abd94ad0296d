using Forge.Aws.DirectoryService;
using Forge.Aws.Fsx;
using Forge.Aws.Tests.Conformance;
using Forge.LocalCloud.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Forge.Aws.Tests.Fsx;

/// <summary>
/// A local cloud on a fake clock plus the typed clients pointed at it; one per test. Every request is
/// judged against the official model (<see cref="LocalCloudTestHost"/>), failing the test at dispose on a violation.
/// </summary>
public sealed class FsxTestCloud : LocalCloudTestHost
{
    public FakeTimeProvider Clock => Time;

    public FsxClient Fsx { get; private set; } = null!;

    public DirectoryServiceClient Directories { get; private set; } = null!;

    public RegionInventory UsEast1 { get; } = SeedInventory.For("us-east-1");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Fsx = new FsxClient(Aws);
        Directories = new DirectoryServiceClient(Aws);
    }

    protected override void ConfigureAws(AwsOptions options) => options.DefaultRegion = "us-east-1";

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
