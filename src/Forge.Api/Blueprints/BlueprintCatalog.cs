using System.Text.Json;
using Forge.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Blueprints;

/// <summary>A blueprint by name, as a request sees it.</summary>
public sealed record Blueprint(string Name, BlueprintDefinition Definition)
{
    public BlueprintOperatingSystem? For(string operatingSystem) =>
        Definition.OperatingSystems.GetValueOrDefault(operatingSystem);

    public static IEnumerable<string> AllowedBundles(BlueprintOperatingSystem os)
    {
        ArgumentNullException.ThrowIfNull(os);
        return os.AllowedBundles.Prepend(os.DefaultBundle).Distinct(StringComparer.Ordinal);
    }
}

/// <summary>The blueprints in force: configured ones, each replaced by an admin's saved version if there is one.</summary>
public sealed class BlueprintCatalog(ForgeDbContext db, IOptions<BlueprintOptions> options, TimeProvider timeProvider)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<Blueprint>> ListAsync(CancellationToken cancellationToken)
    {
        var saved = await db.Blueprints.AsNoTracking().ToListAsync(cancellationToken);
        var merged = options.Value.Catalog.ToDictionary(b => b.Key, b => b.Value, StringComparer.Ordinal);
        foreach (var record in saved)
        {
            merged[record.Name] = JsonSerializer.Deserialize<BlueprintDefinition>(record.Definition, Json)!;
        }

        return [.. merged.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => new Blueprint(b.Key, b.Value))];
    }

    public async Task<Blueprint?> FindAsync(string name, CancellationToken cancellationToken)
    {
        var record = await db.Blueprints.AsNoTracking().SingleOrDefaultAsync(b => b.Name == name, cancellationToken);
        if (record is not null)
        {
            return new Blueprint(name, JsonSerializer.Deserialize<BlueprintDefinition>(record.Definition, Json)!);
        }

        return options.Value.Catalog.TryGetValue(name, out var configured) ? new Blueprint(name, configured) : null;
    }

    /// <summary>Stages an admin's version of a blueprint; the caller saves it with its audit entry.</summary>
    public async Task StageAsync(string name, BlueprintDefinition definition, string actor, CancellationToken cancellationToken)
    {
        var record = await db.Blueprints.SingleOrDefaultAsync(b => b.Name == name, cancellationToken);
        var json = JsonSerializer.Serialize(definition, Json);
        if (record is null)
        {
            db.Blueprints.Add(new BlueprintRecord { Name = name, Definition = json, UpdatedBy = actor, UpdatedAt = timeProvider.GetUtcNow() });
        }
        else
        {
            record.Definition = json;
            record.UpdatedBy = actor;
            record.UpdatedAt = timeProvider.GetUtcNow();
        }
    }
}
