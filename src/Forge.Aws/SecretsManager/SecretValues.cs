namespace Forge.Aws.SecretsManager;

/// <summary>Prints secret-holding shapes without their values.</summary>
internal static class Redacted
{
    public const string Value = "***";

    public static string? Mark(object? value) => value is null ? null : Value;
}

public sealed record GetSecretValueRequest
{
    public required string SecretId { get; init; }

    public string? VersionId { get; init; }

    public string? VersionStage { get; init; }
}

public sealed record GetSecretValueResponse
{
    public string? ARN { get; init; }

    public string? Name { get; init; }

    public string? VersionId { get; init; }

    public byte[]? SecretBinary { get; init; }

    public string? SecretString { get; init; }

    public List<string>? VersionStages { get; init; }

    public DateTimeOffset? CreatedDate { get; init; }

    /// <summary>Never prints the value.</summary>
    public override string ToString() =>
        $"GetSecretValueResponse {{ ARN = {ARN}, VersionId = {VersionId}, SecretString = {Redacted.Mark(SecretString)}, SecretBinary = {Redacted.Mark(SecretBinary)} }}";
}

public sealed record BatchGetSecretValueRequest
{
    /// <summary>1 to 20 names or ARNs; exclusive with <see cref="Filters"/>.</summary>
    public List<string>? SecretIdList { get; init; }

    public List<Filter>? Filters { get; init; }

    /// <summary>1 to 20, only together with <see cref="Filters"/>.</summary>
    public int? MaxResults { get; init; }

    public string? NextToken { get; init; }
}

public sealed record BatchGetSecretValueResponse
{
    public List<SecretValueEntry>? SecretValues { get; init; }

    public string? NextToken { get; init; }

    /// <summary>Secrets that could not be read; the call itself still succeeded.</summary>
    public List<APIErrorType>? Errors { get; init; }

    public override string ToString() =>
        $"BatchGetSecretValueResponse {{ SecretValues = {SecretValues?.Count ?? 0}, Errors = {Errors?.Count ?? 0}, NextToken = {NextToken} }}";
}

public sealed record SecretValueEntry
{
    public string? ARN { get; init; }

    public string? Name { get; init; }

    public string? VersionId { get; init; }

    public byte[]? SecretBinary { get; init; }

    public string? SecretString { get; init; }

    public List<string>? VersionStages { get; init; }

    public DateTimeOffset? CreatedDate { get; init; }

    /// <summary>Never prints the value.</summary>
    public override string ToString() =>
        $"SecretValueEntry {{ ARN = {ARN}, VersionId = {VersionId}, SecretString = {Redacted.Mark(SecretString)}, SecretBinary = {Redacted.Mark(SecretBinary)} }}";
}

public sealed record APIErrorType
{
    public string? SecretId { get; init; }

    public string? ErrorCode { get; init; }

    public string? Message { get; init; }
}
