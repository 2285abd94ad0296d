using Forge.Api.Workspaces;

namespace Forge.Api.Pools;

/// <summary>What marks a workspace row as an unclaimed pool member, and the pool identity it is built for.</summary>
public static class PoolMembers
{
    /// <summary>The owner of every unclaimed member: no user's id can take this form (a colon in a subject is refused at sign-in).</summary>
    public const string Owner = "forge:pool";
}

public static class PoolIdentities
{
    /// <summary>The pool identity a pool-built workspace is bound to: its directory user in its region's directory.</summary>
    public static PoolIdentity Of(Workspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return new PoolIdentity(workspace.Region, workspace.DirectoryId, workspace.DirectoryUser);
    }
}
