namespace Forge.LocalCloud.SecretsManager;

/// <summary>
/// Every secret of the local cloud, per region. The public surface lets other parts of the local
/// cloud (the fake machines' document handlers) read a secret's current value the way an instance
/// role would, without going over HTTP; it does not touch LastAccessedDate.
/// </summary>
public sealed class SecretStore
{
    private readonly Dictionary<string, Dictionary<string, SecretRecord>> _regions = new(StringComparer.Ordinal);

    internal Lock Gate { get; } = new();

    /// <summary>
    /// The AWSCURRENT SecretString of the secret named by <paramref name="secretId"/> (name, full ARN
    /// or partial ARN) in <paramref name="region"/>; null when there is no such secret or value.
    /// </summary>
    public string? GetCurrentSecretString(string region, string secretId)
    {
        lock (Gate)
        {
            return Find(region, secretId) is { DeletedDate: null } secret ? secret.WithStage(SecretStages.Current)?.SecretString : null;
        }
    }

    /// <summary>True when <paramref name="secretId"/> names a secret in <paramref name="region"/>.</summary>
    public bool Exists(string region, string secretId)
    {
        lock (Gate)
        {
            return Find(region, secretId) is not null;
        }
    }

    /// <summary>Call with <see cref="Gate"/> held.</summary>
    internal SecretRecord? Find(string region, string secretId)
    {
        ArgumentNullException.ThrowIfNull(secretId);
        if (!_regions.TryGetValue(region, out var secrets))
        {
            return null;
        }

        if (!secretId.StartsWith("arn:", StringComparison.Ordinal))
        {
            return secrets.GetValueOrDefault(secretId);
        }

        // A full ARN ends in the six random characters; a partial ARN stops at the name.
        return secrets.Values.FirstOrDefault(s => s.Arn == secretId)
            ?? secrets.Values.FirstOrDefault(s => s.Arn.Length == secretId.Length + 7 && s.Arn.StartsWith(secretId + "-", StringComparison.Ordinal));
    }

    /// <summary>Call with <see cref="Gate"/> held.</summary>
    internal IReadOnlyCollection<SecretRecord> InRegion(string region) =>
        _regions.TryGetValue(region, out var secrets) ? secrets.Values : [];

    /// <summary>Call with <see cref="Gate"/> held: forgets <paramref name="secret"/>.</summary>
    internal void Remove(SecretRecord secret)
    {
        if (_regions.TryGetValue(secret.Region, out var secrets))
        {
            secrets.Remove(secret.Name);
        }
    }

    /// <summary>Call with <see cref="Gate"/> held: secrets whose recovery window has ended are gone.</summary>
    internal void PurgeDue(DateTimeOffset now)
    {
        foreach (var secrets in _regions.Values)
        {
            foreach (var due in secrets.Values.Where(s => s.DeletionDate <= now).ToList())
            {
                secrets.Remove(due.Name);
            }
        }
    }

    /// <summary>Call with <see cref="Gate"/> held; the caller has checked the name is free.</summary>
    internal void Add(SecretRecord secret)
    {
        if (!_regions.TryGetValue(secret.Region, out var secrets))
        {
            secrets = new Dictionary<string, SecretRecord>(StringComparer.Ordinal);
            _regions[secret.Region] = secrets;
        }

        secrets.Add(secret.Name, secret);
    }
}
