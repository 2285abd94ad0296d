using Forge.LocalCloud.Protocol;
using static Forge.LocalCloud.WorkSpaces.WorkSpacesInput;

namespace Forge.LocalCloud.WorkSpaces;

/// <summary>
/// How often a WorkSpace may be resized (admin guide, "Modify WorkSpaces"): volumes grow at most once
/// in 6 hours and one volume at a time; a larger compute type once in 6 hours, a smaller one once in
/// 30 days; nothing is resized in a WorkSpace's first 6 hours.
/// </summary>
internal static class WorkspaceResizeRules
{
    public static readonly TimeSpan Cooldown = TimeSpan.FromHours(6);
    public static readonly TimeSpan DowngradeCooldown = TimeSpan.FromDays(30);

    /// <summary>The general-purpose types from small to large; graphics types do not change type.</summary>
    private static readonly string[] ComputeOrder =
        ["VALUE", "STANDARD", "PERFORMANCE", "POWER", "POWERPRO", "GENERALPURPOSE_4XLARGE", "GENERALPURPOSE_8XLARGE"];

    /// <summary>Refuses a resize the rules forbid, else records it.</summary>
    public static void Apply(LocalWorkspace workspace, IReadOnlyCollection<string> resources, string? fromCompute, string? toCompute, DateTimeOffset now)
    {
        var volumes = resources.Count(r => r is "ROOT_VOLUME" or "USER_VOLUME");
        var compute = resources.Contains("COMPUTE_TYPE");
        if (volumes == 0 && !compute)
        {
            return;
        }

        if (volumes == 2)
        {
            throw Invalid("The root volume and the user volume cannot be increased in the same request.");
        }

        if (now - workspace.CreatedAt < Cooldown)
        {
            throw TooSoon($"A WorkSpace cannot be resized in the first {Cooldown.TotalHours} hours after it is created.");
        }

        if (volumes == 1)
        {
            if (now - workspace.LastVolumeIncrease < Cooldown)
            {
                throw TooSoon($"The volumes of a WorkSpace can be increased once in {Cooldown.TotalHours} hours.");
            }

            workspace.LastVolumeIncrease = now;
        }

        if (compute)
        {
            ApplyCompute(workspace, fromCompute, toCompute, now);
        }
    }

    private static void ApplyCompute(LocalWorkspace workspace, string? fromCompute, string? toCompute, DateTimeOffset now)
    {
        var from = System.Array.IndexOf(ComputeOrder, fromCompute);
        var to = System.Array.IndexOf(ComputeOrder, toCompute);
        if (from < 0 || to < 0)
        {
            throw new LocalCloudException("UnsupportedWorkspaceConfigurationException",
                $"The compute type cannot be changed from {fromCompute} to {toCompute}.");
        }

        if (to > from)
        {
            if (now - workspace.LastComputeIncrease < Cooldown)
            {
                throw TooSoon($"A WorkSpace can move to a larger compute type once in {Cooldown.TotalHours} hours.");
            }

            workspace.LastComputeIncrease = now;
        }
        else
        {
            if (now - workspace.LastComputeDecrease < DowngradeCooldown)
            {
                throw TooSoon($"A WorkSpace can move to a smaller compute type once in {DowngradeCooldown.TotalDays} days.");
            }

            workspace.LastComputeDecrease = now;
        }
    }

    private static LocalCloudException TooSoon(string message) => new(InvalidResourceState, message);
}
