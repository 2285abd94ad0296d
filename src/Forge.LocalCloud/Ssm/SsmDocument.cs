namespace Forge.LocalCloud.Ssm;

/// <summary>An SSM document of one region with its versions (1, 2, ...). Guarded by the service's lock.</summary>
internal sealed class SsmDocument(string name, string owner, string documentType, string? targetType, DateTimeOffset created)
{
    public string Name { get; } = name;

    /// <summary>The account id, or <c>Amazon</c> for the AWS-provided documents.</summary>
    public string Owner { get; } = owner;

    public string DocumentType { get; } = documentType;

    public string? TargetType { get; } = targetType;

    public DateTimeOffset CreatedDate { get; } = created;

    public int DefaultVersion { get; set; } = 1;

    public List<KeyValuePair<string, string>> Tags { get; } = [];

    public List<SsmDocumentVersion> Versions { get; } = [];

    public SsmDocumentVersion Latest => Versions[^1];

    public bool IsAwsOwned => Owner == "Amazon";
}

/// <summary>One immutable version of a document.</summary>
internal sealed record SsmDocumentVersion(
    int Number, string Content, string Format, string Hash, SsmDocumentContent Parsed,
    string? VersionName, string? DisplayName, DateTimeOffset CreatedDate);
