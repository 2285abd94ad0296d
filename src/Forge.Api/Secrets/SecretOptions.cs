using Microsoft.Extensions.Options;

namespace Forge.Api.Secrets;

/// <summary>Secrets injected into workstations (section <c>Secrets</c>).</summary>
public sealed class SecretOptions
{
    public const string SectionName = "Secrets";

    /// <summary>The longest a rotated secret may take to reach every running workstation that uses it.</summary>
    public static readonly TimeSpan RotationDeadline = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The tag whose value says who receives a secret: <c>user:&lt;forge user id&gt;</c>, <c>team:&lt;team&gt;</c>
    /// or <c>role:&lt;role&gt;</c>. Default <c>forge:scope</c>.
    /// </summary>
    public string ScopeTagKey { get; set; } = SecretDefaults.ScopeTagKey;

    /// <summary>The tag whose value is the environment variable name the secret is injected as. Default <c>forge:env</c>.</summary>
    public string EnvironmentTagKey { get; set; } = SecretDefaults.EnvironmentTagKey;

    /// <summary>
    /// How often Secrets Manager is polled for rotations (a new AWSCURRENT version id). Default 2 minutes.
    /// The guarantee is arithmetic: a rotation is seen at most one <see cref="PollInterval"/> after it
    /// happens, and the re-injection it triggers ends (or fails) within <see cref="CommandTimeout"/>;
    /// so the new value is in every running workstation within PollInterval + CommandTimeout, which
    /// validation keeps under <see cref="RotationDeadline"/> (5 minutes): with the defaults 2 + 2 = 4 minutes.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = SecretDefaults.PollInterval;

    /// <summary>How long Forge-InjectEnvironment may take on a workstation (delivery and run). Default 2 minutes.</summary>
    public TimeSpan CommandTimeout { get; set; } = SecretDefaults.CommandTimeout;

    /// <summary>Pauses rotation polling. Default false.</summary>
    public bool RotationPollingPaused { get; set; }
}

public static class SecretDefaults
{
    public const string ScopeTagKey = "forge:scope";
    public const string EnvironmentTagKey = "forge:env";
    public static readonly TimeSpan PollInterval = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);
}

internal sealed class SecretOptionsValidator : IValidateOptions<SecretOptions>
{
    public ValidateOptionsResult Validate(string? name, SecretOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ScopeTagKey) || string.IsNullOrWhiteSpace(options.EnvironmentTagKey)
            || options.ScopeTagKey == options.EnvironmentTagKey)
        {
            failures.Add("Secrets:ScopeTagKey and Secrets:EnvironmentTagKey must be two different tag keys.");
        }

        if (options.PollInterval <= TimeSpan.Zero || options.CommandTimeout <= TimeSpan.Zero)
        {
            failures.Add("Secrets durations must be positive.");
        }
        else if (options.PollInterval + options.CommandTimeout >= SecretOptions.RotationDeadline)
        {
            failures.Add($"Secrets:PollInterval + Secrets:CommandTimeout must stay under {SecretOptions.RotationDeadline} so a rotation reaches every workstation in time.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
