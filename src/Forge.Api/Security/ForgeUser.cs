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

    // Identity providers send multi-valued claims either repeated or as one space/comma separated value.
    private static List<string> Values(ClaimsPrincipal principal, string type) =>
        [.. principal.FindAll(type)
            .SelectMany(c => c.Value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)];
}
