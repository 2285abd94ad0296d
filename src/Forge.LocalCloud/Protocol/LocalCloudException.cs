namespace Forge.LocalCloud.Protocol;

/// <summary>
/// An AWS-shaped error the local cloud answers with. <see cref="Code"/> is the error shape name
/// (JSON protocols); <see cref="QueryCode"/> the awsQuery code where it differs.
/// </summary>
public sealed class LocalCloudException(string code, string message, int statusCode = 400, bool senderFault = true, string? queryCode = null)
    : Exception(message)
{
    public string Code { get; } = code;

    public int StatusCode { get; } = statusCode;

    public bool SenderFault { get; } = senderFault;

    public string QueryCode { get; } = queryCode ?? code;

    /// <summary>Further members of the error shape (JSON protocols), e.g. FSx <c>Parameter</c> or <c>Limit</c>.</summary>
    public IReadOnlyDictionary<string, string>? Members { get; init; }

    public static LocalCloudException Throttling(string code = "ThrottlingException") =>
        new(code, "Rate exceeded", 400);
}
