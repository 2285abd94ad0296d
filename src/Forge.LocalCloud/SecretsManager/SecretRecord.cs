namespace Forge.LocalCloud.SecretsManager;

/// <summary>Staging labels Secrets Manager moves itself.</summary>
public static class SecretStages
{
    public const string Current = "AWSCURRENT";
    public const string Previous = "AWSPREVIOUS";
    public const string Pending = "AWSPENDING";
}

/// <summary>One secret of one region. Guarded by the <see cref="SecretStore"/>'s lock.</summary>
internal sealed class SecretRecord(string region, string name, string arn, DateTimeOffset created)
{
    /// <summary>AWS keeps about the 100 most recent versions; older unlabelled ones go.</summary>
    public const int MaxVersions = 100;

    public string Region { get; } = region;

    public string Name { get; } = name;

    public string Arn { get; } = arn;

    public DateTimeOffset CreatedDate { get; } = created;

    /// <summary>When DeleteSecret marked the secret for deletion; null while it is live.</summary>
    public DateTimeOffset? DeletedDate { get; set; }

    /// <summary>When the marked secret goes for good (the end of its recovery window).</summary>
    public DateTimeOffset? DeletionDate { get; set; }

    public string? Description { get; set; }

    public string? KmsKeyId { get; set; }

    public DateTimeOffset LastChangedDate { get; set; } = created;

    /// <summary>Date only: AWS rounds the last access down to midnight UTC.</summary>
    public DateTimeOffset? LastAccessedDate { get; set; }

    /// <summary>Null until rotation is configured: DescribeSecret then omits it.</summary>
    public bool? RotationEnabled { get; set; }

    public string? RotationLambdaArn { get; set; }

    public RotationRules? RotationRules { get; set; }

    public DateTimeOffset? LastRotatedDate { get; set; }

    public DateTimeOffset? NextRotationDate { get; set; }

    /// <summary>Tags in insertion order; keys are case-sensitive.</summary>
    public List<KeyValuePair<string, string>> Tags { get; } = [];

    /// <summary>Versions oldest first.</summary>
    public List<SecretVersion> Versions { get; } = [];

    public SecretVersion? Find(string versionId) => Versions.Find(v => v.VersionId == versionId);

    public SecretVersion? WithStage(string stage) => Versions.Find(v => v.Stages.Contains(stage));

    /// <summary>Versions that carry at least one label, as VersionIdsToStages shows them.</summary>
    public IEnumerable<SecretVersion> Labelled => Versions.Where(v => v.Stages.Count > 0);

    /// <summary>
    /// Attaches <paramref name="stages"/> to <paramref name="version"/>, taking each label off whichever
    /// version had it; when AWSCURRENT moves, AWSPREVIOUS follows to the version it left.
    /// </summary>
    public void MoveStages(SecretVersion version, IEnumerable<string> stages)
    {
        foreach (var stage in stages.Distinct(StringComparer.Ordinal))
        {
            var holder = WithStage(stage);
            if (holder == version)
            {
                continue;
            }

            holder?.Stages.Remove(stage);
            version.Stages.Add(stage);
            if (stage == SecretStages.Current && holder is not null)
            {
                WithStage(SecretStages.Previous)?.Stages.Remove(SecretStages.Previous);
                holder.Stages.Add(SecretStages.Previous);
            }
        }

        Prune();
    }

    private void Prune()
    {
        while (Versions.Count > MaxVersions && Versions.FindIndex(v => v.Stages.Count == 0) is var index and >= 0)
        {
            Versions.RemoveAt(index);
        }
    }
}

/// <summary>One immutable value of a secret with its staging labels.</summary>
internal sealed class SecretVersion(string versionId, string? secretString, byte[]? secretBinary, DateTimeOffset created)
{
    public string VersionId { get; } = versionId;

    public string? SecretString { get; } = secretString;

    public byte[]? SecretBinary { get; } = secretBinary;

    public DateTimeOffset CreatedDate { get; } = created;

    public List<string> Stages { get; } = [];

    public bool SameValue(string? secretString, byte[]? secretBinary) =>
        string.Equals(SecretString, secretString, StringComparison.Ordinal)
        && (SecretBinary ?? []).AsSpan().SequenceEqual(secretBinary ?? []);

    /// <summary>Never prints the value.</summary>
    public override string ToString() => $"SecretVersion {VersionId} [{string.Join(',', Stages)}]";
}

/// <summary>RotationRules as stored: at most one of days and schedule.</summary>
internal sealed record RotationRules(long? AutomaticallyAfterDays, string? Duration, string? ScheduleExpression);
