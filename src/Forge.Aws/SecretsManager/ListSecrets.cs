namespace Forge.Aws.SecretsManager;

public sealed record ListSecretsRequest
{
    public bool? IncludePlannedDeletion { get; init; }

    /// <summary>1 to 100.</summary>
    public int? MaxResults { get; init; }

    public string? NextToken { get; init; }

    /// <summary>At most 10; filters are ANDed, the values of one filter ORed; a value starting with <c>!</c> negates.</summary>
    public List<Filter>? Filters { get; init; }

    /// <summary>A <see cref="SortOrderType"/> value.</summary>
    public string? SortOrder { get; init; }

    /// <summary>A <see cref="SortByType"/> value.</summary>
    public string? SortBy { get; init; }
}

public sealed record ListSecretsResponse
{
    public List<SecretListEntry>? SecretList { get; init; }

    public string? NextToken { get; init; }
}

public sealed record SecretListEntry
{
    public string? ARN { get; init; }

    public string? Name { get; init; }

    public string? Type { get; init; }

    public string? Description { get; init; }

    public string? KmsKeyId { get; init; }

    public bool? RotationEnabled { get; init; }

    public string? RotationLambdaARN { get; init; }

    public RotationRulesType? RotationRules { get; init; }

    public List<ExternalSecretRotationMetadataItem>? ExternalSecretRotationMetadata { get; init; }

    public string? ExternalSecretRotationRoleArn { get; init; }

    public DateTimeOffset? LastRotatedDate { get; init; }

    public DateTimeOffset? LastChangedDate { get; init; }

    public DateTimeOffset? LastAccessedDate { get; init; }

    public DateTimeOffset? DeletedDate { get; init; }

    public DateTimeOffset? NextRotationDate { get; init; }

    public List<Tag>? Tags { get; init; }

    public Dictionary<string, List<string>>? SecretVersionsToStages { get; init; }

    public string? OwningService { get; init; }

    public DateTimeOffset? CreatedDate { get; init; }

    public string? PrimaryRegion { get; init; }
}

public sealed record Filter
{
    /// <summary>A <see cref="FilterNameStringType"/> value.</summary>
    public string? Key { get; init; }

    /// <summary>1 to 10 values of at most 512 characters.</summary>
    public List<string>? Values { get; init; }
}

/// <summary>The model's FilterNameStringType values.</summary>
public static class FilterNameStringType
{
    public const string Description = "description";
    public const string Name = "name";
    public const string TagKey = "tag-key";
    public const string TagValue = "tag-value";
    public const string PrimaryRegion = "primary-region";
    public const string OwningService = "owning-service";
    public const string All = "all";
}

/// <summary>The model's SortOrderType values.</summary>
public static class SortOrderType
{
    public const string Asc = "asc";
    public const string Desc = "desc";
}

/// <summary>The model's SortByType values.</summary>
public static class SortByType
{
    public const string CreatedDate = "created-date";
    public const string LastAccessedDate = "last-accessed-date";
    public const string LastChangedDate = "last-changed-date";
    public const string Name = "name";
}
