using System.Collections.Concurrent;
using Forge.Api.Cloud;
using Forge.Api.Regions;
using Forge.Aws;
using Forge.Aws.DirectoryService;
using Forge.Aws.WorkSpaces;
using Microsoft.Extensions.Options;

namespace Forge.Api.Hardening;

/// <summary>
/// The directory side of hardening, as idempotent ensure-operations: what a directory's WorkSpaces
/// may be reached with and how new ones are made. WorkSpaces has no per-protocol switch on a
/// directory; its access properties are per client device type, so PCoIP is denied there by denying
/// the device type that speaks only PCoIP (zero clients), while every WorkSpace is created with
/// <c>Protocols: ["WSP"]</c>. Users are not local administrators (they could lift the in-session controls).
/// A directory's description is shared for <see cref="DescriptionFreshness"/>: every build, join and verification
/// reads it, and WorkSpaces allows about 2 calls a second per region for everything, so a burst of 20 claims
/// verifying at once (and a pool's builds) spent that budget on 20 copies of one answer while the claims' own
/// calls queued behind them. Forge's own changes drop the shared answer.
/// </summary>
public sealed class DirectoryGuard(
    WorkSpacesClient workspaces, DirectoryServiceClient directories, IOptions<RegionOptions> regions, TimeProvider timeProvider)
{
    public const string Allow = "ALLOW";
    public const string Deny = "DENY";

    /// <summary>How long one DescribeWorkspaceDirectories answer serves every caller.</summary>
    public static readonly TimeSpan DescriptionFreshness = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, string> _domains = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Region, string DirectoryId), Described> _described = [];

    /// <summary>The access properties Forge wants on every directory it builds in.</summary>
    public static WorkspaceAccessProperties WantedAccess() => new()
    {
        DeviceTypeWindows = Allow, DeviceTypeOsx = Allow, DeviceTypeWeb = Allow, DeviceTypeLinux = Allow,
        DeviceTypeIos = Allow, DeviceTypeAndroid = Allow, DeviceTypeChromeOs = Allow, DeviceTypeWorkSpacesThinClient = Allow,
        DeviceTypeZeroClient = Deny,
    };

    /// <summary>Brings the directory to Forge's settings when it differs; returns its registration code.</summary>
    public async Task<string?> EnsureAsync(string region, string directoryId, CancellationToken cancellationToken)
    {
        var directory = await DescribeAsync(region, directoryId, cancellationToken);
        if (AccessDifferences(directory.WorkspaceAccessProperties).Count > 0)
        {
            await Guard(() => workspaces.ModifyWorkspaceAccessPropertiesAsync(new ModifyWorkspaceAccessPropertiesRequest
            {
                ResourceId = directoryId, WorkspaceAccessProperties = WantedAccess(),
            }, region, cancellationToken));
            Forget(region, directoryId);
        }

        var ou = regions.Value.Available.GetValueOrDefault(region)?.OrganizationalUnit;
        var creation = directory.WorkspaceCreationProperties;
        if (creation?.UserEnabledAsLocalAdministrator != false || (ou is { Length: > 0 } && creation.DefaultOu != ou))
        {
            await Guard(() => workspaces.ModifyWorkspaceCreationPropertiesAsync(new ModifyWorkspaceCreationPropertiesRequest
            {
                ResourceId = directoryId,
                WorkspaceCreationProperties = new WorkspaceCreationProperties
                {
                    UserEnabledAsLocalAdministrator = false,
                    DefaultOu = ou is { Length: > 0 } ? ou : null,
                },
            }, region, cancellationToken));
            Forget(region, directoryId);
        }

        return directory.RegistrationCode;
    }

    /// <summary>How the directory's access properties differ from Forge's (empty: as wanted).</summary>
    public async Task<List<string>> CheckAsync(string region, string directoryId, CancellationToken cancellationToken) =>
        AccessDifferences((await DescribeAsync(region, directoryId, cancellationToken)).WorkspaceAccessProperties);

    /// <summary>The OU computer accounts join: the region's configured one, else the directory's default OU.</summary>
    public async Task<string?> OrganizationalUnitAsync(string region, string directoryId, CancellationToken cancellationToken) =>
        regions.Value.Available.GetValueOrDefault(region)?.OrganizationalUnit is { Length: > 0 } ou
            ? ou
            : (await DescribeAsync(region, directoryId, cancellationToken)).WorkspaceCreationProperties?.DefaultOu;

    /// <summary>The directory's fully qualified domain name, from Directory Service.</summary>
    public async Task<string> DomainNameAsync(string region, string directoryId, CancellationToken cancellationToken)
    {
        if (_domains.TryGetValue(directoryId, out var known))
        {
            return known;
        }

        var result = await Guard(() => directories.DescribeDirectoriesAsync(new DescribeDirectoriesRequest { DirectoryIds = [directoryId] }, region, cancellationToken));
        var name = result.DirectoryDescriptions?.FirstOrDefault(d => d.DirectoryId == directoryId)?.Name
            ?? throw new WorkspaceCloudException($"Directory Service does not know directory {directoryId} in {region}.", terminal: true);
        return _domains[directoryId] = name;
    }

    private static List<string> AccessDifferences(WorkspaceAccessProperties? actual)
    {
        var wanted = WantedAccess();
        var differences = new List<string>();
        foreach (var property in typeof(WorkspaceAccessProperties).GetProperties().Where(p => p.PropertyType == typeof(string)))
        {
            var want = (string?)property.GetValue(wanted);
            var have = actual is null ? null : (string?)property.GetValue(actual);
            if (want is not null && want != have)
            {
                differences.Add($"{property.Name}: expected {want}, observed {have ?? "nothing"}");
            }
        }

        return differences;
    }

    /// <summary>
    /// The directory as WorkSpaces describes it: the shared answer while it is fresh, else one call that every caller
    /// arriving meanwhile waits for. A failed call is not shared beyond the callers that waited for it.
    /// </summary>
    private async Task<WorkspaceDirectory> DescribeAsync(string region, string directoryId, CancellationToken cancellationToken)
    {
        var key = (region, directoryId);
        Described described;
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            if (!_described.TryGetValue(key, out var held) || now - held.At >= DescriptionFreshness)
            {
                _described[key] = held = new Described(now, new Lazy<Task<WorkspaceDirectory>>(() => DescribeNowAsync(region, directoryId)));
            }

            described = held;
        }

        try
        {
            return await described.Answer.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            lock (_gate)
            {
                if (_described.GetValueOrDefault(key) == described)
                {
                    _described.Remove(key); // The next caller asks again.
                }
            }

            throw;
        }
    }

    /// <summary>One DescribeWorkspaceDirectories call, not cancelled with any one caller: others may be waiting for it.</summary>
    private async Task<WorkspaceDirectory> DescribeNowAsync(string region, string directoryId) =>
        (await Guard(() => workspaces.DescribeWorkspaceDirectoriesAsync(new DescribeWorkspaceDirectoriesRequest { DirectoryIds = [directoryId] }, region, CancellationToken.None)))
            .Directories.FirstOrDefault(d => d.DirectoryId == directoryId)
            ?? throw new WorkspaceCloudException($"Directory {directoryId} is not registered with WorkSpaces in {region}.", terminal: true);

    private void Forget(string region, string directoryId)
    {
        lock (_gate)
        {
            _described.Remove((region, directoryId));
        }
    }

    private sealed record Described(DateTimeOffset At, Lazy<Task<WorkspaceDirectory>> Answer);

    private static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AwsServiceException e)
        {
            throw new WorkspaceCloudException($"{e.Operation}: {e.ErrorCode}: {e.Message}", terminal: e.ErrorCode is "AccessDeniedException" or "ResourceNotFoundException", e);
        }
    }
}
