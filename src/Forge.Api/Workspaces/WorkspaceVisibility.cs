using Forge.Api.Auth;

namespace Forge.Api.Workspaces;

/// <summary>
/// Who sees which workspaces: developers their own, team leads also those of the users who are in
/// one of their teams now (by the identities given: the stored view of each user's newest
/// token, while it is younger than <see cref="AuthOptions.IdentityMaxAge"/>; not the teams the owner
/// had when the workspace was created), admins all but unclaimed pool members. Teams match exactly. Anything not visible answers
/// 404, never 403, so ids do not leak.
/// </summary>
public static class WorkspaceVisibility
{
    public static IQueryable<Workspace> VisibleTo(this IQueryable<Workspace> workspaces, ForgeUser user, IQueryable<UserIdentity> identities)
    {
        ArgumentNullException.ThrowIfNull(user);
        // Unclaimed pool members are nobody's workstations yet: admins see them through the pools API.
        workspaces = workspaces.Where(w => w.OwnerId != Pools.PoolMembers.Owner);
        if (user.IsAdmin)
        {
            return workspaces;
        }

        if (user.IsTeamLead && user.Teams.Count > 0)
        {
            var teams = user.Teams.ToList();
            var validAfter = user.IdentitiesValidAfter;
            return workspaces.Where(w => w.OwnerId == user.Id
                || identities.Any(u => u.UserId == w.OwnerId && u.RefreshedAt > validAfter && u.Teams.Any(t => teams.Contains(t))));
        }

        return workspaces.Where(w => w.OwnerId == user.Id);
    }
}
