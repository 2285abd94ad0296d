using System.Text.Json.Nodes;
using Forge.Aws;
using Forge.Aws.Fsx;
using Forge.LocalCloud.Hosting;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.Fsx;

/// <summary>
/// Amazon FSx for NetApp ONTAP, the volume operations: CreateVolume, DescribeVolumes, DeleteVolume and
/// DescribeStorageVirtualMachines. Errors use the model's shapes (no "Exception" suffix, member <c>Message</c>).
/// </summary>
public sealed partial class FsxLocalService(FsxVolumeStore store, LocalIds ids, LocalCloudOptions options,
    ILogger<FsxLocalService> logger) : IJsonLocalService
{
    /// <summary>The most items one Describe page holds (the model's list maximum).</summary>
    public const int MaxPageSize = 50;

    private static readonly HashSet<string> Operations = new(StringComparer.Ordinal)
    {
        "CreateVolume", "DescribeVolumes", "DeleteVolume", "DescribeStorageVirtualMachines",
    };

    public AwsService Service => AwsServices.Fsx;

    public string ErrorMessageMember => "Message";

    public bool HasOperation(string operation) => Operations.Contains(operation);

    public ValueTask<JsonObject?> InvokeAsync(string operation, JsonObject input, LocalRequestContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        JsonObject output = operation switch
        {
            "CreateVolume" => CreateVolume(input, context),
            "DescribeVolumes" => DescribeVolumes(input, context),
            "DeleteVolume" => DeleteVolume(input, context),
            "DescribeStorageVirtualMachines" => DescribeStorageVirtualMachines(input, context),
            _ => throw new LocalCloudException("UnknownOperationException", $"Operation {operation} is not supported."),
        };
        return ValueTask.FromResult<JsonObject?>(output);
    }

    private JsonObject DescribeVolumes(JsonObject input, LocalRequestContext context)
    {
        var volumeIds = FsxInput.Strings(input, "VolumeIds", "VolumeIds", 50, FsxInput.VolumeId());
        var filters = ReadFilters(input, 2, VolumeFilterName.FileSystemId, VolumeFilterName.StorageVirtualMachineId);
        var pageSize = FsxInput.PageSize(input, MaxPageSize);
        var nextToken = FsxInput.String(input, "NextToken", "NextToken");
        return store.Use(context.Region, (state, now) =>
        {
            var missing = volumeIds?.Where(id => !state.Volumes.ContainsKey(id)).ToList() ?? [];
            if (missing.Count > 0)
            {
                throw new LocalCloudException(FsxErrorCodes.VolumeNotFound, $"Volumes not found: {string.Join(", ", missing)}.");
            }

            var matching = state.Volumes.Values.Where(v =>
                (volumeIds is null || volumeIds.Contains(v.VolumeId))
                && Matches(filters, VolumeFilterName.FileSystemId, v.FileSystemId)
                && Matches(filters, VolumeFilterName.StorageVirtualMachineId, v.StorageVirtualMachineId));
            var (page, token) = FsxPaging.Page(matching, v => v.VolumeId, nextToken, pageSize);
            return new JsonObject
            {
                ["Volumes"] = new JsonArray([.. page.Select(v => FsxJson.Volume(v, v.LifecycleAt(now, store.TransitionTime)!))]),
                ["NextToken"] = token,
            }.WithoutNullMembers();
        });
    }

    private JsonObject DescribeStorageVirtualMachines(JsonObject input, LocalRequestContext context)
    {
        var svmIds = FsxInput.Strings(input, "StorageVirtualMachineIds", "StorageVirtualMachineIds", 50, FsxInput.StorageVirtualMachineId());
        var filters = ReadFilters(input, 1, StorageVirtualMachineFilterName.FileSystemId);
        var pageSize = FsxInput.PageSize(input, MaxPageSize);
        var nextToken = FsxInput.String(input, "NextToken", "NextToken");
        return store.Use(context.Region, (state, _) =>
        {
            var missing = svmIds?.Where(id => state.StorageVirtualMachines.All(s => s.StorageVirtualMachineId != id)).ToList() ?? [];
            if (missing.Count > 0)
            {
                throw new LocalCloudException(FsxErrorCodes.StorageVirtualMachineNotFound,
                    $"Storage virtual machines not found: {string.Join(", ", missing)}.");
            }

            var matching = state.StorageVirtualMachines.Where(s =>
                (svmIds is null || svmIds.Contains(s.StorageVirtualMachineId))
                && Matches(filters, StorageVirtualMachineFilterName.FileSystemId, s.FileSystemId));
            var (page, token) = FsxPaging.Page(matching, s => s.StorageVirtualMachineId, nextToken, pageSize);
            return new JsonObject
            {
                ["StorageVirtualMachines"] = new JsonArray([.. page.Select(s => (JsonNode)s.Description.DeepClone())]),
                ["NextToken"] = token,
            }.WithoutNullMembers();
        });
    }

    /// <summary>Filters by name → accepted values. Filters are ANDed, the values of one filter ORed.</summary>
    private static Dictionary<string, List<string>> ReadFilters(JsonObject input, int max, params string[] names)
    {
        var filters = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var items = FsxInput.Array(input, "Filters", "Filters") ?? [];
        if (items.Count > max)
        {
            throw FsxInput.BadRequest($"Filters must contain at most {max} filters; it has {items.Count}.");
        }

        foreach (var item in items)
        {
            var filter = item as JsonObject ?? throw new LocalCloudException("SerializationException", "Each filter must be a structure.");
            var name = FsxInput.String(filter, "Name", "Filters.member.Name") ?? throw FsxInput.BadRequest("Each filter needs a Name.");
            FsxInput.RequireEnum(name, "Filters.member.Name", names);
            var values = FsxInput.Strings(filter, "Values", "Filters.member.Values", 20) ?? [];
            if (!filters.TryAdd(name, values))
            {
                throw FsxInput.BadRequest($"The filter '{name}' is given more than once.");
            }
        }

        return filters;
    }

    private static bool Matches(Dictionary<string, List<string>> filters, string name, string value) =>
        !filters.TryGetValue(name, out var values) || values.Contains(value, StringComparer.Ordinal);
}
