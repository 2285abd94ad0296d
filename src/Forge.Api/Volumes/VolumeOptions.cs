using Forge.Api.Regions;
using Microsoft.Extensions.Options;

namespace Forge.Api.Volumes;

/// <summary>User volumes (section <c>Volumes</c>).</summary>
public sealed class VolumeOptions
{
    public const string SectionName = "Volumes";

    /// <summary>
    /// The FSx for ONTAP file system and SVM of each region user volumes are made on. With
    /// <c>Aws:ServiceUrl</c> set (the local cloud), regions left out default to the local cloud's seeded inventory.
    /// </summary>
    public Dictionary<string, VolumeRegionSettings> Regions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The size of a new volume. Default 10 GiB (ONTAP thin-provisions it).</summary>
    public long SizeInBytes { get; set; } = VolumeDefaults.SizeInBytes;

    /// <summary>How long a new volume may stay CREATING before the mount step fails. Default 15 minutes.</summary>
    public TimeSpan CreateTimeout { get; set; } = VolumeDefaults.CreateTimeout;

    /// <summary>How often a CREATING volume and a running command are looked at. Default 2 seconds.</summary>
    public TimeSpan PollInterval { get; set; } = VolumeDefaults.PollInterval;

    /// <summary>How long a mount or unmount command may take on the workstation. Default 2 minutes.</summary>
    public TimeSpan CommandTimeout { get; set; } = VolumeDefaults.CommandTimeout;
}

public sealed class VolumeRegionSettings
{
    public string FileSystemId { get; set; } = "";

    public string StorageVirtualMachineId { get; set; } = "";
}

public static class VolumeDefaults
{
    public const long SizeInBytes = 10L * 1024 * 1024 * 1024;
    public static readonly TimeSpan CreateTimeout = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);
}

/// <summary>Fills the regions the local cloud serves from its seeded inventory, so a laptop needs no FSx ids.</summary>
internal sealed class VolumeOptionsDefaults(Forge.Aws.AwsOptions aws, IOptions<RegionOptions> regions) : IPostConfigureOptions<VolumeOptions>
{
    public void PostConfigure(string? name, VolumeOptions options)
    {
        if (aws.ServiceUrl is null)
        {
            return;
        }

        foreach (var region in regions.Value.Available.Keys.Where(r => !options.Regions.ContainsKey(r)))
        {
            var seed = Forge.LocalCloud.Hosting.SeedInventory.For(region);
            options.Regions[region] = new VolumeRegionSettings
            {
                FileSystemId = seed.FileSystemId,
                StorageVirtualMachineId = seed.StorageVirtualMachineId,
            };
        }
    }
}

internal sealed class VolumeOptionsValidator : IValidateOptions<VolumeOptions>
{
    public ValidateOptionsResult Validate(string? name, VolumeOptions options)
    {
        var failures = new List<string>();
        if (options.CreateTimeout <= TimeSpan.Zero || options.PollInterval <= TimeSpan.Zero || options.CommandTimeout <= TimeSpan.Zero)
        {
            failures.Add("Volumes durations must be positive.");
        }

        if (options.SizeInBytes < 20L * 1024 * 1024)
        {
            failures.Add("Volumes:SizeInBytes must be at least 20 MiB (the ONTAP minimum).");
        }

        failures.AddRange(options.Regions.Where(r => !r.Value.FileSystemId.StartsWith("fs-", StringComparison.Ordinal)
                || !r.Value.StorageVirtualMachineId.StartsWith("svm-", StringComparison.Ordinal))
            .Select(r => $"Volumes:Regions:{r.Key} needs a FileSystemId (fs-...) and a StorageVirtualMachineId (svm-...)."));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
