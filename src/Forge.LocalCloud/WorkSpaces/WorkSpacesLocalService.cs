using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Forge.Aws;
using Forge.LocalCloud.Hosting;
using Forge.LocalCloud.Machines;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.WorkSpaces;

/// <summary>
/// Amazon WorkSpaces in the local cloud: the seeded directory and public bundles of every region,
/// WorkSpaces with their lifecycle in time, the machine behind each, and tags. One lock guards all
/// state; time-driven changes are replayed on every read and pushed by one timer per WorkSpace so
/// that <see cref="Machine.Online"/> is current even when nobody asks.
/// </summary>
public sealed partial class WorkSpacesLocalService : IJsonLocalService, IDisposable
{
    private static readonly HashSet<string> Operations = new(StringComparer.Ordinal)
    {
        "CreateWorkspaces", "DescribeWorkspaces", "DescribeWorkspacesConnectionStatus", "StartWorkspaces",
        "StopWorkspaces", "RebootWorkspaces", "TerminateWorkspaces", "ModifyWorkspaceProperties",
        "ModifyWorkspaceAccessProperties", "ModifyWorkspaceCreationProperties", "DescribeWorkspaceBundles",
        "DescribeWorkspaceDirectories", "CreateTags", "DeleteTags", "DescribeTags",
    };

    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, WorkSpacesRegion> _regions = new(StringComparer.Ordinal);
    private readonly Dictionary<LocalWorkspace, ITimer> _timers = [];
    private readonly LocalCloudOptions _options;
    private readonly TimeProvider _clock;
    private readonly LocalIds _ids;
    private readonly MachineRegistry _machines;
    private readonly Faults.FaultInjector _faults;
    private readonly ILogger<WorkSpacesLocalService> _logger;
    private long _nextSequence;

    public WorkSpacesLocalService(LocalCloudOptions options, TimeProvider clock, LocalIds ids, MachineRegistry machines,
        Faults.FaultInjector faults, ILogger<WorkSpacesLocalService> logger)
    {
        _faults = faults;
        _options = options;
        _clock = clock;
        _ids = ids;
        _machines = machines;
        _logger = logger;
    }

    public AwsService Service => AwsServices.WorkSpaces;

    public string ErrorMessageMember => "message";

    public bool HasOperation(string operation) => Operations.Contains(operation);

    public ValueTask<JsonObject?> InvokeAsync(string operation, JsonObject input, LocalRequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var region = RegionState(context.Region);
        lock (_gate)
        {
            try
            {
                return ValueTask.FromResult<JsonObject?>(operation switch
                {
                    "CreateWorkspaces" => CreateWorkspaces(region, input, context.Now),
                    "DescribeWorkspaces" => DescribeWorkspaces(region, input, context.Now),
                    "DescribeWorkspacesConnectionStatus" => DescribeConnectionStatus(region, input, context.Now),
                    "StartWorkspaces" => ChangeWorkspaces(region, input, context.Now, "StartWorkspaceRequests", Start),
                    "StopWorkspaces" => ChangeWorkspaces(region, input, context.Now, "StopWorkspaceRequests", Stop),
                    "RebootWorkspaces" => ChangeWorkspaces(region, input, context.Now, "RebootWorkspaceRequests", Reboot),
                    "TerminateWorkspaces" => ChangeWorkspaces(region, input, context.Now, "TerminateWorkspaceRequests", Terminate),
                    "ModifyWorkspaceProperties" => ModifyWorkspaceProperties(region, input, context.Now),
                    "ModifyWorkspaceAccessProperties" => ModifyAccessProperties(region, input),
                    "ModifyWorkspaceCreationProperties" => ModifyCreationProperties(region, input),
                    "DescribeWorkspaceBundles" => DescribeBundles(region, input),
                    "DescribeWorkspaceDirectories" => DescribeDirectories(region, input),
                    "CreateTags" => CreateTags(region, input, context.Now),
                    "DeleteTags" => DeleteTags(region, input, context.Now),
                    "DescribeTags" => DescribeTags(region, input, context.Now),
                    _ => throw new LocalCloudException("UnknownOperationException", $"Operation {operation} is not supported."),
                });
            }
            finally
            {
                region.Purge();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var timer in _timers.Values)
            {
                timer.Dispose();
            }

            _timers.Clear();
        }
    }

    /// <summary>
    /// A configured region's state, made on first use. Any other region has no directory, so nothing can
    /// be created there: it gets an empty, uncached state rather than growing the map with every name.
    /// </summary>
    private WorkSpacesRegion RegionState(string region) =>
        _options.Regions.Contains(region, StringComparer.Ordinal)
            ? _regions.GetOrAdd(region, name => new WorkSpacesRegion(name, [WorkSpacesSeed.Directory(name, _options.AccountId)], WorkSpacesSeed.Bundles(name)))
            : new WorkSpacesRegion(region, [], []);

    /// <summary>Brings a WorkSpace up to <paramref name="now"/> and lets go of the machine once it is terminated.</summary>
    private void Refresh(WorkSpacesRegion region, LocalWorkspace workspace, DateTimeOffset now)
    {
        if (workspace.IsGone)
        {
            return;
        }

        workspace.Advance(now, _options.WorkspaceTransitionTime);
        if (workspace.State is "TERMINATED" or LocalWorkspace.Gone)
        {
            _machines.Remove(workspace.Machine);
        }

        if (workspace.IsGone)
        {
            LogGone(_logger, workspace.WorkspaceId, region.Region);
            region.MarkGone();
            if (_timers.Remove(workspace, out var timer))
            {
                timer.Dispose();
            }
        }
    }

    /// <summary>
    /// Arms the WorkSpace's timer for its next change. A fresh timer each time, because only
    /// <see cref="TimeProvider.CreateTimer"/> goes through a scaled clock's conversion.
    /// </summary>
    private void Schedule(LocalWorkspace workspace, DateTimeOffset now)
    {
        if (_timers.Remove(workspace, out var old))
        {
            old.Dispose();
        }

        if (workspace.IsGone || workspace.NextChangeAt() is not { } next)
        {
            return;
        }

        var due = next - now;
        _timers[workspace] = _clock.CreateTimer(OnTimer, workspace, due > TimeSpan.Zero ? due : TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
    }

    private void OnTimer(object? state)
    {
        var workspace = (LocalWorkspace)state!;
        lock (_gate)
        {
            if (!_regions.TryGetValue(workspace.Region, out var region))
            {
                return;
            }

            var now = _clock.GetUtcNow();
            Refresh(region, workspace, now);
            Schedule(workspace, now);
            region.Purge();
        }
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "WorkSpace {WorkspaceId} created in {Region} for {UserName}, {BundleId}")]
    private static partial void LogCreated(ILogger logger, string workspaceId, string region, string userName, string bundleId);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "WorkSpace {WorkspaceId} in {Region} is terminated and gone")]
    private static partial void LogGone(ILogger logger, string workspaceId, string region);
}
