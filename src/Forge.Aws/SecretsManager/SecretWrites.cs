namespace Forge.Aws.SecretsManager;

public sealed record CreateSecretRequest
{
    public required string Name { get; init; }

    /// <summary>32 to 64 characters; the client sends a UUID when none is given, so retries stay idempotent.</summary>
    public string? ClientRequestToken { get; init; }

    public string? Description { get; init; }

    public string? KmsKeyId { get; init; }

    public byte[]? SecretBinary { get; init; }

    public string? SecretString { get; init; }

    public List<Tag>? Tags { get; init; }

    public List<ReplicaRegionType>? AddReplicaRegions { get; init; }

    public bool? ForceOverwriteReplicaSecret { get; init; }

    public string? Type { get; init; }

    /// <summary>Never prints the value.</summary>
    public override string ToString() =>
        $"CreateSecretRequest {{ Name = {Name}, ClientRequestToken = {ClientRequestToken}, SecretString = {Redacted.Mark(SecretString)}, SecretBinary = {Redacted.Mark(SecretBinary)} }}";
}

public sealed record CreateSecretResponse
{
    public string? ARN { get; init; }

    public string? Name { get; init; }

    public string? VersionId { get; init; }

    public List<ReplicationStatusType>? ReplicationStatus { get; init; }
}

public sealed record ReplicaRegionType
{
    public string? Region { get; init; }

    public string? KmsKeyId { get; init; }
}

public sealed record PutSecretValueRequest
{
    public required string SecretId { get; init; }

    /// <summary>Becomes the new version's id; the client sends a UUID when none is given.</summary>
    public string? ClientRequestToken { get; init; }

    public byte[]? SecretBinary { get; init; }

    public string? SecretString { get; init; }

    /// <summary>Labels for the new version; absent: AWSCURRENT (and AWSPREVIOUS moves to the old current version).</summary>
    public List<string>? VersionStages { get; init; }

    public string? RotationToken { get; init; }

    /// <summary>Never prints the value nor the rotation token.</summary>
    public override string ToString() =>
        $"PutSecretValueRequest {{ SecretId = {SecretId}, ClientRequestToken = {ClientRequestToken}, SecretString = {Redacted.Mark(SecretString)}, SecretBinary = {Redacted.Mark(SecretBinary)}, RotationToken = {Redacted.Mark(RotationToken)} }}";
}

public sealed record PutSecretValueResponse
{
    public string? ARN { get; init; }

    public string? Name { get; init; }

    public string? VersionId { get; init; }

    public List<string>? VersionStages { get; init; }
}

public sealed record TagResourceRequest
{
    public required string SecretId { get; init; }

    public required List<Tag> Tags { get; init; }
}

public sealed record RotateSecretRequest
{
    public required string SecretId { get; init; }

    /// <summary>The id of the new version; the client sends a UUID when none is given.</summary>
    public string? ClientRequestToken { get; init; }

    public string? RotationLambdaARN { get; init; }

    public RotationRulesType? RotationRules { get; init; }

    public List<ExternalSecretRotationMetadataItem>? ExternalSecretRotationMetadata { get; init; }

    public string? ExternalSecretRotationRoleArn { get; init; }

    /// <summary>Default true.</summary>
    public bool? RotateImmediately { get; init; }
}

public sealed record RotateSecretResponse
{
    public string? ARN { get; init; }

    public string? Name { get; init; }

    public string? VersionId { get; init; }
}

/// <summary>Either a recovery window (7 to 30 days; 30 when neither is given) or ForceDeleteWithoutRecovery, not both.</summary>
public sealed record DeleteSecretRequest
{
    public required string SecretId { get; init; }

    public long? RecoveryWindowInDays { get; init; }

    public bool? ForceDeleteWithoutRecovery { get; init; }
}

public sealed record DeleteSecretResponse
{
    public string? ARN { get; init; }

    public string? Name { get; init; }

    public DateTimeOffset? DeletionDate { get; init; }
}
