using Forge.Api.Platform;
using Forge.Api.Regions;
using Forge.Api.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Forge.Api.Secrets;

/// <summary>A secret the caller's workstations receive: the variable, the secret's name and scope. Never a value.</summary>
public sealed record SecretView(string EnvironmentName, string SecretName, string Scope);

/// <summary>
/// A secret of your scopes that your workstations do not receive because its <c>forge:env</c> name breaks
/// Forge's rule (upper-case letters, digits and underscores; not a name that changes how programs run,
/// such as <c>PATH</c> or <c>LD_PRELOAD</c>). <see cref="Reason"/> says why; the others are not affected.
/// </summary>
public sealed record RefusedSecretView(string EnvironmentName, string SecretName, string Scope, string Reason);

/// <summary>What your workstations in <see cref="Region"/> receive (<see cref="Secrets"/>) and which of your secrets are left out (<see cref="Refused"/>).</summary>
public sealed record SecretListView(string Region, List<SecretView> Secrets, List<RefusedSecretView> Refused);

public static class SecretsApi
{
    public static IEndpointRouteBuilder MapSecretsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/secrets", ListAsync).WithTags("Secrets").RequireAuthorization()
            .WithDescription("The environment variables your workstations in a region receive from Secrets Manager, with their scopes, "
                + "and your secrets left out because their variable names break Forge's rule, with the reason; never values.");
        return app;
    }

    private static async Task<Results<Ok<SecretListView>, ProblemHttpResult>> ListAsync(string? region, ForgeUser user, SecretDiscovery discovery,
        IOptions<RegionOptions> regions, CancellationToken cancellationToken)
    {
        var chosen = region ?? regions.Value.Default;
        if (!regions.Value.Available.ContainsKey(chosen))
        {
            return JsonBody.Invalid("region", $"'{chosen}' is not a region Forge builds in.");
        }

        var plan = SecretScopePlanner.Plan(new SecretOwner(user.Id, user.Teams, user.Roles), await discovery.DiscoverAsync(chosen, cancellationToken));
        return TypedResults.Ok(new SecretListView(chosen,
            [.. plan.Secrets.Select(s => new SecretView(s.EnvironmentName, s.SecretName, s.Scope))],
            [.. plan.Refused.Select(r => new RefusedSecretView(r.Secret.EnvironmentName, r.Secret.Name, r.Secret.Scope, r.Reason))]));
    }
}
