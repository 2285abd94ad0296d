using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace Forge.Api.Security;

/// <summary>
/// The authenticated caller: Forge user id, teams, roles, and the directory user WorkSpaces are
/// built for. Handlers take it as a parameter; it binds from the validated token.
/// </summary>
public sealed record ForgeUser(string Id, string DirectoryUser, IReadOnlyList<string> Teams, IReadOnlyList<string> Roles)
{
    public bool IsAdmin => Roles.Contains(Security.Roles.Admin);

    public bool IsTeamLead => Roles.Contains(Security.Roles.TeamLead);

    public static ForgeUser? From(ClaimsPrincipal principal, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(options);
        var id = principal.FindFirst(options.UserIdClaim)?.Value;
        if (principal.Identity?.IsAuthenticated != true || string.IsNullOrEmpty(id))
        {
            return null;
        }

        var directoryUser = principal.FindFirst(options.DirectoryUserClaim)?.Value;
        return new ForgeUser(
            id,
            string.IsNullOrEmpty(directoryUser) ? id : directoryUser,
            Values(principal, options.TeamsClaim),
            Values(principal, options.RolesClaim));
    }

    /// <summary>Binds from the request: endpoints taking a <see cref="ForgeUser"/> require authentication.</summary>
    public static ValueTask<ForgeUser?> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
        return ValueTask.FromResult(From(context.User, options));
    }

    // A claim value is one exact name: team names contain spaces and commas ("Platform Engineering" is not
    // "Engineering"). Several teams or roles come as a JSON array, which the token handler gives as repeated claims.
    private static List<string> Values(ClaimsPrincipal principal, string type) =>
        [.. principal.FindAll(type).Select(c => c.Value).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal)];
}
