using System.Text.Json.Nodes;
using Forge.Aws.Fsx;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.Fsx;

public sealed partial class FsxLocalService
{
    /// <summary>FSx for ONTAP allows 500 volumes per file system (one HA pair).</summary>
    public const int MaxVolumesPerFileSystem = 500;

    private JsonObject CreateVolume(JsonObject input, LocalRequestContext context)
    {
        var spec = FsxCreateVolumeParser.Parse(input);
        var token = FsxInput.String(input, "ClientRequestToken", "ClientRequestToken");
        var request = input.DeepClone().AsObject();
        request.Remove("ClientRequestToken");
        return store.Use(context.Region, (state, now) =>
        {
            if (token is not null && state.Tokens.TryGetValue(token, out var earlier))
            {
                if (state.Volumes.TryGetValue(earlier.VolumeId, out var existing))
                {
                    // Same token: the same request answers the same volume; a different one is refused, as AWS does.
                    return JsonNode.DeepEquals(earlier.Request, request)
                        ? new JsonObject { ["Volume"] = FsxJson.Volume(existing, existing.LifecycleAt(now, store.TransitionTime)!) }
                        : throw Incompatible(FirstDifference(earlier.Request, request) ?? "ClientRequestToken");
                }

                state.Tokens.Remove(token);
            }

            var svm = state.StorageVirtualMachines.Find(s => s.StorageVirtualMachineId == spec.StorageVirtualMachineId)
                ?? throw new LocalCloudException(FsxErrorCodes.StorageVirtualMachineNotFound,
                    $"Storage virtual machine {spec.StorageVirtualMachineId} does not exist.");
            var resolved = spec with { SecurityStyle = spec.SecurityStyle ?? svm.RootVolumeSecurityStyle };
            CheckRoom(state, svm, resolved);
            var volumeId = "fsvol-" + ids.Hex(17);
            var volume = new FsxVolume(volumeId, context.Region, svm.FileSystemId,
                $"arn:aws:fsx:{context.Region}:{options.AccountId}:volume/{svm.FileSystemId}/{volumeId}",
                ids.NewGuid().ToString(), resolved, now);
            state.Volumes[volumeId] = volume;
            if (token is not null)
            {
                state.Tokens[token] = (request, volumeId);
            }

            LogVolumeCreated(logger, volumeId, context.Region, resolved.Name, resolved.JunctionPath ?? "(none)");
            return new JsonObject { ["Volume"] = FsxJson.Volume(volume, VolumeLifecycle.Creating) };
        });
    }

    /// <summary>An SVM's names and junction paths are unique; a file system holds a bounded number of volumes.</summary>
    private static void CheckRoom(FsxRegionState state, FsxStorageVirtualMachine svm, FsxVolumeSpec spec)
    {
        var onSvm = state.Volumes.Values.Where(v => v.StorageVirtualMachineId == svm.StorageVirtualMachineId).ToList();
        if (spec.JunctionPath is { } path && onSvm.Find(v => v.JunctionPath == path) is { } mounted)
        {
            throw FsxInput.BadRequest($"Junction path {path} is already in use by volume {mounted.VolumeId} on {svm.StorageVirtualMachineId}.");
        }

        if (onSvm.Find(v => v.Name == spec.Name) is { } named)
        {
            throw FsxInput.BadRequest($"A volume named {spec.Name} already exists on {svm.StorageVirtualMachineId} ({named.VolumeId}).");
        }

        if (state.Volumes.Values.Count(v => v.FileSystemId == svm.FileSystemId) >= MaxVolumesPerFileSystem)
        {
            throw new LocalCloudException(FsxErrorCodes.ServiceLimitExceeded,
                $"File system {svm.FileSystemId} already has {MaxVolumesPerFileSystem} volumes.")
            {
                Members = new Dictionary<string, string> { ["Limit"] = "VOLUMES_PER_FILE_SYSTEM" },
            };
        }
    }

    private JsonObject DeleteVolume(JsonObject input, LocalRequestContext context)
    {
        var volumeId = FsxInput.String(input, "VolumeId", "VolumeId") ?? throw FsxInput.BadRequest("VolumeId is required.");
        if (!FsxInput.VolumeId().IsMatch(volumeId))
        {
            throw FsxInput.BadRequest($"Invalid VolumeId '{volumeId}'.");
        }

        var token = FsxInput.String(input, "ClientRequestToken", "ClientRequestToken");
        if (token is not null && !FsxInput.ClientRequestToken().IsMatch(token))
        {
            throw FsxInput.BadRequest("ClientRequestToken must be 1 to 63 characters of [A-Za-z0-9_.-].");
        }

        if (input["OpenZFSConfiguration"] is not null)
        {
            throw FsxInput.BadRequest("OpenZFSConfiguration cannot be used to delete an ONTAP volume.");
        }

        var ontap = FsxInput.Object(input, "OntapConfiguration", "OntapConfiguration") ?? [];
        var skipBackup = FsxInput.Boolean(ontap, "SkipFinalBackup", "OntapConfiguration.SkipFinalBackup") ?? false;
        var backupTags = FsxTags.Read(ontap, "FinalBackupTags");
        if (skipBackup && backupTags is not null)
        {
            throw FsxInput.BadRequest("FinalBackupTags cannot be given when SkipFinalBackup is true.");
        }

        return store.Use(context.Region, (state, now) =>
        {
            var volume = state.Volumes.GetValueOrDefault(volumeId)
                ?? throw new LocalCloudException(FsxErrorCodes.VolumeNotFound, $"Volume {volumeId} does not exist.");
            if (volume.DeleteRequestedAt is null)
            {
                // A repeated delete of a DELETING volume answers the first delete again.
                volume.DeleteRequestedAt = now;
                LogVolumeDeleting(logger, volume.VolumeId, context.Region);
                volume.FinalBackup = skipBackup ? null : new JsonObject
                {
                    ["FinalBackupId"] = "backup-" + ids.Hex(17),
                    ["FinalBackupTags"] = backupTags,
                }.WithoutNullMembers();
            }

            return new JsonObject
            {
                ["VolumeId"] = volume.VolumeId,
                ["Lifecycle"] = VolumeLifecycle.Deleting,
                ["OntapResponse"] = volume.FinalBackup?.DeepClone(),
            }.WithoutNullMembers();
        });
    }

    private static LocalCloudException Incompatible(string parameter) =>
        new(FsxErrorCodes.IncompatibleParameterError,
            $"The request token was already used with different parameters ({parameter} differs).")
        {
            Members = new Dictionary<string, string> { ["Parameter"] = parameter },
        };

    /// <summary>The first member (dotted into structures) whose value differs between two requests.</summary>
    private static string? FirstDifference(JsonObject earlier, JsonObject now)
    {
        foreach (var name in earlier.Select(p => p.Key).Union(now.Select(p => p.Key)).Order(StringComparer.Ordinal))
        {
            var (a, b) = (earlier[name], now[name]);
            if (JsonNode.DeepEquals(a, b))
            {
                continue;
            }

            return a is JsonObject ao && b is JsonObject bo && FirstDifference(ao, bo) is { } inner ? $"{name}.{inner}" : name;
        }

        return null;
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "FSx volume {VolumeId} ({Name} at {JunctionPath}) created in {Region}")]
    private static partial void LogVolumeCreated(ILogger logger, string volumeId, string region, string name, string junctionPath);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "FSx volume {VolumeId} is being deleted in {Region}")]
    private static partial void LogVolumeDeleting(ILogger logger, string volumeId, string region);
}
