using System.Text.Json.Nodes;
using System.Xml.Linq;
using Forge.Aws;

namespace Forge.LocalCloud.Protocol;

/// <summary>What the dispatcher knows about the request it hands to a service.</summary>
public sealed record LocalRequestContext(string Region, string AccessKeyId, string RequestId, DateTimeOffset Now);

/// <summary>An emulated AWS service.</summary>
public interface ILocalService
{
    /// <summary>The service's wire identity (target prefix, signing name), shared with Forge.Aws.</summary>
    AwsService Service { get; }

    /// <summary>Member name of the error message in this service's error shapes (<c>message</c> or <c>Message</c>).</summary>
    string ErrorMessageMember => "message";

    bool HasOperation(string operation);
}

/// <summary>A service spoken over awsJson (and, for CloudWatch, CBOR, which is decoded to the same tree).</summary>
public interface IJsonLocalService : ILocalService
{
    /// <summary>Runs one operation. Returns the output structure, or null for an operation without output.</summary>
    ValueTask<JsonObject?> InvokeAsync(string operation, JsonObject input, LocalRequestContext context, CancellationToken cancellationToken);
}

/// <summary>A service spoken over awsQuery: flattened form parameters in, an XML result out.</summary>
public interface IQueryLocalService : ILocalService
{
    /// <summary>Returns the children of <c>{Operation}Result</c>, or null for an operation without output.</summary>
    ValueTask<IReadOnlyList<XElement>?> InvokeQueryAsync(string operation, IReadOnlyDictionary<string, string> parameters,
        LocalRequestContext context, CancellationToken cancellationToken);
}
