using Forge.Api.Audit;
using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Forge.Api.Blueprints;

public sealed record BlueprintOperatingSystemView(string Name, string DefaultBundle, List<string> AllowedBundles);

public sealed record BlueprintView(string Name, string Description, List<BlueprintOperatingSystemView> OperatingSystems)
{
    public static BlueprintView From(Blueprint blueprint)
    {
        ArgumentNullException.ThrowIfNull(blueprint);
        return new BlueprintView(blueprint.Name, blueprint.Definition.Description,
            [.. blueprint.Definition.OperatingSystems.OrderBy(o => o.Key, StringComparer.Ordinal)
                .Select(o => new BlueprintOperatingSystemView(o.Key, o.Value.DefaultBundle, [.. Blueprint.AllowedBundles(o.Value)]))]);
    }
}

public static class BlueprintsApi
{
    public static IServiceCollection AddBlueprints(this IServiceCollection services)
    {
        services.AddOptions<BlueprintOptions>().BindConfiguration(BlueprintOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BlueprintOptions>, BlueprintOptionsValidator>();
        services.AddScoped<BlueprintCatalog>();
        return services;
    }

    public static IEndpointRouteBuilder MapBlueprintsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/blueprints").WithTags("Blueprints").RequireAuthorization();
        group.MapGet("/", ListAsync);
        group.MapPut("/{name}", SaveAsync).Accepts<BlueprintDefinition>("application/json")
            .WithDescription("Admins only: replaces (or adds) a blueprint; it overrides the configured one of the same name.");
        return app;
    }

    private static async Task<Ok<List<BlueprintView>>> ListAsync(BlueprintCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok((await catalog.ListAsync(cancellationToken)).Select(BlueprintView.From).ToList());

    private static async Task<Results<Ok<BlueprintView>, ProblemHttpResult>> SaveAsync(
        string name, HttpRequest http, ForgeUser user, BlueprintCatalog catalog, ForgeDbContext db, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!user.IsAdmin)
        {
            return Problems.Forbidden("Only admins edit blueprints.");
        }

        var (definition, problem) = await JsonBody.ReadAsync<BlueprintDefinition>(http, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = BlueprintRules.Check(name, definition!);
        if (errors.Count > 0)
        {
            return Problems.Unprocessable(errors);
        }

        await catalog.StageAsync(name, definition!, user.Id, cancellationToken);
        audit.Stage(user.Id, "blueprint.save", name, AuditOutcome.Succeeded, CorrelationId.Of(http.HttpContext));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(BlueprintView.From(new Blueprint(name, definition!)));
    }
}
