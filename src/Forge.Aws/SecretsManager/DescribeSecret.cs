namespace Forge.Aws.SecretsManager;

public sealed record DescribeSecretRequest
{
    public required string SecretId { get; init; }
}

public sealed record DescribeSecretResponse
{
    public string? ARN { get; init; }

    public string? Name { get; init; }

    public string? Type { get; init; }

    public string? Description { get; init; }

    public string? KmsKeyId { get; init; }

    /// <summary>Null when rotation was never configured.</summary>
    public bool? RotationEnabled { get; init; }

    public string? RotationLambdaARN { get; init; }

    public RotationRulesType? RotationRules { get; init; }

    public List<ExternalSecretRotationMetadataItem>? ExternalSecretRotationMetadata { get; init; }

    public string? ExternalSecretRotationRoleArn { get; init; }

    public DateTimeOffset? LastRotatedDate { get; init; }

    public DateTimeOffset? LastChangedDate { get; init; }

    /// <summary>A date without time; absent if the secret was never read in the region.</summary>
    public DateTimeOffset? LastAccessedDate { get; init; }

    public DateTimeOffset? DeletedDate { get; init; }

    public DateTimeOffset? NextRotationDate { get; init; }

    public List<Tag>? Tags { get; init; }

    public Dictionary<string, List<string>>? VersionIdsToStages { get; init; }

    public string? OwningService { get; init; }

    public DateTimeOffset? CreatedDate { get; init; }

    public string? PrimaryRegion { get; init; }

    public List<ReplicationStatusType>? ReplicationStatus { get; init; }
}

public sealed record RotationRulesType
{
    /// <summary>1 to 1000.</summary>
    public long? AutomaticallyAfterDays { get; init; }

    /// <summary>The rotation window, such as <c>3h</c>.</summary>
    public string? Duration { get; init; }

    /// <summary><c>rate(...)</c> or <c>cron(...)</c>.</summary>
    public string? ScheduleExpression { get; init; }
}

public sealed record ExternalSecretRotationMetadataItem
{
    public string? Key { get; init; }

    public string? Value { get; init; }
}

public sealed record Tag
{
    public string? Key { get; init; }

    public string? Value { get; init; }
}

public sealed record ReplicationStatusType
{
    public string? Region { get; init; }

    public string? KmsKeyId { get; init; }

    /// <summary>A <see cref="StatusType"/> value.</summary>
    public string? Status { get; init; }

    public string? StatusMessage { get; init; }

    public DateTimeOffset? LastAccessedDate { get; init; }
}

/// <summary>The model's StatusType values (replication).</summary>
public static class StatusType
{
    public const string InSync = "InSync";
    public const string Failed = "Failed";
    public const string InProgress = "InProgress";
}

/// <summary>Staging labels that Secrets Manager moves itself.</summary>
public static class SecretVersionStages
{
    public const string Current = "AWSCURRENT";
    public const string Previous = "AWSPREVIOUS";
    public const string Pending = "AWSPENDING";
}
