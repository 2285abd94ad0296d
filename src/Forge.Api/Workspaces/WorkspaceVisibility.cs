using Forge.Api.Security;

namespace Forge.Api.Workspaces;

/// <summary>
/// Who sees which workspaces: developers their own, team leads also those of their teams'
/// members, admins all. Anything not visible answers 404, never 403, so ids do not leak.
/// </summary>
public static class WorkspaceVisibility
{
    public static IQueryable<Workspace> VisibleTo(this IQueryable<Workspace> workspaces, ForgeUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.IsAdmin)
        {
            return workspaces;
        }

        if (user.IsTeamLead && user.Teams.Count > 0)
        {
            var teams = user.Teams.ToList();
            return workspaces.Where(w => w.OwnerId == user.Id || w.OwnerTeams.Any(t => teams.Contains(t)));
        }

        return workspaces.Where(w => w.OwnerId == user.Id);
    }
}
