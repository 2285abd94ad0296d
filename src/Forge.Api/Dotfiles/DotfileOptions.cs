using Microsoft.Extensions.Options;

namespace Forge.Api.Dotfiles;

/// <summary>Dotfile sync between workstations and the user's volume (section <c>Dotfiles</c>).</summary>
public sealed class DotfileOptions
{
    public const string SectionName = "Dotfiles";

    /// <summary>
    /// Glob patterns added to <see cref="DotfilePolicy.DefaultPatterns"/>, relative to the home folder.
    /// Checked at start: no absolute path, no <c>..</c>, nothing that could match a private key (<c>.ssh/id_*</c>).
    /// </summary>
    public List<string> ExtraPatterns { get; set; } = [];

    /// <summary>How long applying the dotfiles at launch may take; past it the step fails (the workspace does not). Default 30 seconds.</summary>
    public TimeSpan ApplyTimeout { get; set; } = DotfileDefaults.ApplyTimeout;

    /// <summary>How long persisting them back to the volume may take. Default 2 minutes.</summary>
    public TimeSpan PersistTimeout { get; set; } = DotfileDefaults.PersistTimeout;

    /// <summary>How often every running workstation's dotfiles are persisted to its volume. Default 15 minutes.</summary>
    public TimeSpan SyncInterval { get; set; } = DotfileDefaults.SyncInterval;

    /// <summary>Pauses the periodic sync (on-demand, stop and terminate syncs still run). Default false.</summary>
    public bool PeriodicSyncPaused { get; set; }

    public IReadOnlyList<string> Patterns => [.. DotfilePolicy.DefaultPatterns, .. ExtraPatterns.Except(DotfilePolicy.DefaultPatterns, StringComparer.Ordinal)];
}

public static class DotfileDefaults
{
    public static readonly TimeSpan ApplyTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan PersistTimeout = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan SyncInterval = TimeSpan.FromMinutes(15);
}

internal sealed class DotfileOptionsValidator : IValidateOptions<DotfileOptions>
{
    public ValidateOptionsResult Validate(string? name, DotfileOptions options)
    {
        var failures = options.ExtraPatterns.Select(p => (Pattern: p, Refusal: DotfilePolicy.PatternRefusal(p)))
            .Where(p => p.Refusal is not null)
            .Select(p => $"Dotfiles:ExtraPatterns '{p.Pattern}' is refused ({p.Refusal}): patterns stay inside the home folder and never match a private key.")
            .ToList();
        if (options.ApplyTimeout <= TimeSpan.Zero || options.PersistTimeout <= TimeSpan.Zero || options.SyncInterval <= TimeSpan.Zero)
        {
            failures.Add("Dotfiles durations must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
