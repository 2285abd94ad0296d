using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Forge.Api.Auth;

/// <summary>
/// The authenticated caller: Forge user id, teams, roles, and the directory user WorkSpaces are
/// built for. Handlers take it as a parameter; it binds from the validated token.
/// </summary>
public sealed record ForgeUser(string Id, string DirectoryUser, IReadOnlyList<string> Teams, IReadOnlyList<string> Roles)
{
    public bool IsAdmin => Roles.Contains(Auth.Roles.Admin);

    public bool IsTeamLead => Roles.Contains(Auth.Roles.TeamLead);

    /// <summary>
    /// Other users' stored identities refreshed at or before this no longer grant team scope
    /// (request time minus <see cref="AuthOptions.IdentityMaxAge"/>, set when the user is bound).
    /// </summary>
    public DateTimeOffset IdentitiesValidAfter { get; init; } = DateTimeOffset.MaxValue;

    /// <summary>The e-mail address the token states (<see cref="AuthOptions.EmailClaim"/>), when it is one plain address; else null.</summary>
    public string? Email { get; init; }

    public static ForgeUser? From(ClaimsPrincipal principal, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(options);
        var id = principal.FindFirst(options.UserIdClaim)?.Value;
        // The owner of unclaimed pool members is nobody's id: a token naming it would own them all.
        if (principal.Identity?.IsAuthenticated != true || string.IsNullOrEmpty(id) || id == Pools.PoolMembers.Owner)
        {
            return null;
        }

        var directoryUser = principal.FindFirst(options.DirectoryUserClaim)?.Value;
        return new ForgeUser(
            id,
            string.IsNullOrEmpty(directoryUser) ? id : directoryUser,
            Values(principal, options.TeamsClaim),
            Values(principal, options.RolesClaim)) { Email = PlainAddress(principal.FindFirst(options.EmailClaim)?.Value) };
    }

    /// <summary><paramref name="value"/> when it is one plain e-mail address (name@example.com) of at most 320 characters.</summary>
    public static string? PlainAddress(string? value) =>
        value is { Length: > 0 and <= 320 } && MimeKit.MailboxAddress.TryParse(value, out var parsed) && parsed.Address == value ? value : null;

    /// <summary>Binds from the request: endpoints taking a <see cref="ForgeUser"/> require authentication.</summary>
    public static ValueTask<ForgeUser?> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        return ValueTask.FromResult(From(context.User, options) is { } user ? user with { IdentitiesValidAfter = now - options.IdentityMaxAge } : null);
    }

    // Each value is one team or role, exactly as the token gives it: a JSON array arrives as one claim
    // per element, a string as one claim. Never split: "Platform Engineering" is not "Engineering", and
    // "payments" is not "Payments". Nested objects and arrays name nothing and are ignored.
    private static List<string> Values(ClaimsPrincipal principal, string type) =>
        [.. principal.FindAll(type)
            .Where(c => c.Value.Length > 0 && c.ValueType is not (JsonClaimValueTypes.Json or JsonClaimValueTypes.JsonArray or JsonClaimValueTypes.JsonNull))
            .Select(c => c.Value)
            .Distinct(StringComparer.Ordinal)];
}
