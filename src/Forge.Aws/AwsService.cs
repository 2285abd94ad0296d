namespace Forge.Aws;

/// <summary>The wire protocols Forge speaks.</summary>
public enum AwsProtocol
{
    /// <summary>JSON body, <c>X-Amz-Target</c>, <c>application/x-amz-json-1.0</c>.</summary>
    AwsJson10,

    /// <summary>JSON body, <c>X-Amz-Target</c>, <c>application/x-amz-json-1.1</c>.</summary>
    AwsJson11,

    /// <summary>Form-encoded request, XML response.</summary>
    AwsQuery,

    /// <summary>HTTP bindings (method, URI, query string) with a JSON body, <c>application/json</c> (Directory Service Data).</summary>
    RestJson1,
}

/// <summary>What identifies a service on the wire; values from the official service models.</summary>
public sealed record AwsService(
    string Name,
    string SigningName,
    string EndpointPrefix,
    AwsProtocol Protocol,
    string? TargetPrefix,
    string ApiVersion,
    string? XmlNamespace = null,
    bool QueryCompatible = false)
{
    public string JsonContentType => Protocol switch
    {
        AwsProtocol.AwsJson10 => "application/x-amz-json-1.0",
        AwsProtocol.RestJson1 => "application/json",
        _ => "application/x-amz-json-1.1",
    };

    public override string ToString() => Name;
}

/// <summary>The services Forge uses.</summary>
public static class AwsServices
{
    public static readonly AwsService WorkSpaces = new("workspaces", "workspaces", "workspaces", AwsProtocol.AwsJson11, "WorkspacesService", "2015-04-08");
    public static readonly AwsService Fsx = new("fsx", "fsx", "fsx", AwsProtocol.AwsJson11, "AWSSimbaAPIService_v20180301", "2018-03-01");
    public static readonly AwsService SecretsManager = new("secretsmanager", "secretsmanager", "secretsmanager", AwsProtocol.AwsJson11, "secretsmanager", "2017-10-17");
    public static readonly AwsService Ssm = new("ssm", "ssm", "ssm", AwsProtocol.AwsJson11, "AmazonSSM", "2014-11-06");
    public static readonly AwsService DirectoryService = new("ds", "ds", "ds", AwsProtocol.AwsJson11, "DirectoryService_20150416", "2015-04-16");

    /// <summary>CloudWatch over JSON 1.0; its errors keep their Query codes (awsQueryCompatible).</summary>
    public static readonly AwsService CloudWatch = new("cloudwatch", "monitoring", "monitoring", AwsProtocol.AwsJson10,
        "GraniteServiceVersion20100801", "2010-08-01", "http://monitoring.amazonaws.com/doc/2010-08-01/", QueryCompatible: true);

    /// <summary>Directory Service Data (restJson1): the users and groups of a Managed Microsoft AD, for pool identities.</summary>
    public static readonly AwsService DirectoryServiceData = new("ds-data", "ds-data", "ds-data", AwsProtocol.RestJson1, null, "2023-05-31");

    public static readonly AwsService Sns = new("sns", "sns", "sns", AwsProtocol.AwsQuery, null, "2010-03-31",
        "http://sns.amazonaws.com/doc/2010-03-31/");

    public static IReadOnlyList<AwsService> All { get; } = [WorkSpaces, Fsx, SecretsManager, Ssm, DirectoryService, DirectoryServiceData, CloudWatch, Sns];
}
