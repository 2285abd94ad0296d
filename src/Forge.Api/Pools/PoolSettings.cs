using Forge.Api.Blueprints;
using Forge.Api.Regions;
using Microsoft.Extensions.Options;

namespace Forge.Api.Pools;

/// <summary>
/// The pools as configured (section <c>Pools</c>): a master switch, the regions pools are kept in, how the
/// planner sizes them, and per blueprint and OS (<c>Pools:&lt;blueprint&gt;:&lt;os&gt;</c>) the bounds, with
/// per-region overrides (<c>Pools:&lt;blueprint&gt;:&lt;os&gt;:Regions:&lt;region&gt;</c>). A blueprint and OS
/// not named here has no pool: every request for it is an on-demand build.
/// </summary>
public sealed class PoolSettings
{
    public const string SectionName = "Pools";

    /// <summary>The section's own keys: any other key is a blueprint.</summary>
    private static readonly HashSet<string> OwnKeys = new(StringComparer.OrdinalIgnoreCase) { "Enabled", "Regions", "Planner", "Identities" };

    /// <summary>Whether Forge keeps warm pools at all. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The regions pools are kept in; empty: every enabled region (<c>Regions:Available</c>).</summary>
    public List<string> Regions { get; set; } = [];

    public PoolPlannerOptions Planner { get; set; } = new();

    /// <summary>Per blueprint, per OS: the pool's bounds.</summary>
    public Dictionary<string, Dictionary<string, PoolConfig>> Blueprints { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads the section: its own keys, then every other child as a blueprint whose children are operating systems.</summary>
    public void Load(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        Enabled = section.GetValue("Enabled", true);
        Regions = section.GetSection("Regions").Get<List<string>>() ?? [];
        Planner = section.GetSection("Planner").Get<PoolPlannerOptions>() ?? new();
        foreach (var blueprint in section.GetChildren().Where(c => !OwnKeys.Contains(c.Key)))
        {
            Blueprints[blueprint.Key] = blueprint.GetChildren().ToDictionary(os => os.Key, os => os.Get<PoolConfig>() ?? new(), StringComparer.Ordinal);
        }
    }
}

/// <summary>A pool's bounds where they differ from the defaults (null: inherited).</summary>
public class PoolOverrides
{
    public int? Min { get; set; }

    public int? Max { get; set; }

    public bool? Enabled { get; set; }

    public bool? Paused { get; set; }

    public PoolBounds ApplyTo(PoolBounds bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        return bounds with { Min = Min ?? bounds.Min, Max = Max ?? bounds.Max, Enabled = Enabled ?? bounds.Enabled, Paused = Paused ?? bounds.Paused };
    }
}

/// <summary>One blueprint and OS's pool settings, and per region what differs.</summary>
public sealed class PoolConfig : PoolOverrides
{
    public Dictionary<string, PoolOverrides> Regions { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A pool Forge keeps, as configuration and the region list define it (admin overrides come on top).</summary>
public sealed record PoolDefinition(PoolKey Key, PoolBounds Bounds);

/// <summary>The configured pools: every blueprint and OS named in <c>Pools</c>, in every pooled region.</summary>
public sealed class PoolCatalog(IOptions<PoolSettings> settings, IOptions<RegionOptions> regions)
{
    public bool Enabled => settings.Value.Enabled;

    public PoolPlannerOptions Planner => settings.Value.Planner;

    public IReadOnlyList<PoolDefinition> Definitions()
    {
        var s = settings.Value;
        if (!s.Enabled)
        {
            return [];
        }

        var pooledRegions = s.Regions.Count > 0 ? s.Regions.Where(regions.Value.Available.ContainsKey).ToList() : [.. regions.Value.Available.Keys];
        return [.. from blueprint in s.Blueprints
                   from os in blueprint.Value
                   from region in pooledRegions
                   let regional = os.Value.Regions.GetValueOrDefault(region)
                   let bounds = regional?.ApplyTo(os.Value.ApplyTo(new PoolBounds())) ?? os.Value.ApplyTo(new PoolBounds())
                   orderby blueprint.Key, os.Key, region
                   select new PoolDefinition(new PoolKey(blueprint.Key, os.Key, region), bounds)];
    }

    public PoolDefinition? Find(PoolKey key) => Definitions().FirstOrDefault(d => d.Key == key);

    /// <summary>A pool's bounds in force: configuration, then an admin's overrides.</summary>
    public static PoolBounds Effective(PoolBounds configured, WarmPool pool)
    {
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(pool);
        return configured with
        {
            Min = pool.MinOverride ?? configured.Min,
            Max = pool.MaxOverride ?? configured.Max,
            Enabled = pool.EnabledOverride ?? configured.Enabled,
            Paused = configured.Paused || pool.Paused,
        };
    }
}

internal sealed class PoolSettingsValidator(IOptions<BlueprintOptions> blueprints, IOptions<RegionOptions> regions) : IValidateOptions<PoolSettings>
{
    public ValidateOptionsResult Validate(string? name, PoolSettings options)
    {
        var failures = new List<string>();
        foreach (var region in options.Regions.Where(r => !regions.Value.Available.ContainsKey(r)))
        {
            failures.Add($"Pools:Regions names '{region}', which is not an enabled region (Regions:Available).");
        }

        foreach (var (blueprint, systems) in options.Blueprints)
        {
            if (!BlueprintRules.IsName(blueprint))
            {
                failures.Add($"Pools:{blueprint} is not a blueprint name (lower case letters, digits and dashes).");
            }

            foreach (var (os, config) in systems)
            {
                var at = $"Pools:{blueprint}:{os}";
                if (!OperatingSystems.All.Contains(os))
                {
                    failures.Add($"{at}: '{os}' is not an operating system ({string.Join(", ", OperatingSystems.All)}).");
                }
                else if (blueprints.Value.Catalog.TryGetValue(blueprint, out var definition) && !definition.OperatingSystems.ContainsKey(os))
                {
                    failures.Add($"{at}: blueprint '{blueprint}' is not offered on {os}.");
                }

                foreach (var (where, overrides) in config.Regions.Select(r => ($"{at}:Regions:{r.Key}", (PoolOverrides)r.Value)).Prepend((at, config)))
                {
                    var bounds = overrides.ApplyTo(config.ApplyTo(new PoolBounds()));
                    if (bounds.Min < 0 || bounds.Max > 1000 || bounds.Min > bounds.Max)
                    {
                        failures.Add($"{where}: Min {bounds.Min} and Max {bounds.Max} must satisfy 0 <= Min <= Max <= 1000.");
                    }
                }

                foreach (var region in config.Regions.Keys.Where(r => !regions.Value.Available.ContainsKey(r)))
                {
                    failures.Add($"{at}:Regions names '{region}', which is not an enabled region.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
