using System.Net;

namespace Forge.Aws;

/// <summary>An error answered by an AWS service (or the local cloud), decoded from its protocol.</summary>
public sealed class AwsServiceException : Exception
{
    public AwsServiceException(string service, string operation, string errorCode, string message,
        HttpStatusCode statusCode, string? requestId, bool isTransient)
        : base($"{service}.{operation} failed with {errorCode} ({(int)statusCode}): {message}")
    {
        Service = service;
        Operation = operation;
        ErrorCode = errorCode;
        ErrorMessage = message;
        StatusCode = statusCode;
        RequestId = requestId;
        IsTransient = isTransient;
    }

    public string Service { get; }

    public string Operation { get; }

    /// <summary>The AWS error code, e.g. <c>ThrottlingException</c> or <c>ResourceNotFoundException</c>.</summary>
    public string ErrorCode { get; }

    public string ErrorMessage { get; }

    public HttpStatusCode StatusCode { get; }

    public string? RequestId { get; }

    /// <summary>Throttling, a 5xx or a timeout: worth retrying with backoff.</summary>
    public bool IsTransient { get; }
}

/// <summary>Which AWS errors are worth retrying. Codes from botocore's standard retry mode.</summary>
public static class AwsErrorClassifier
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "Throttled", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "RequestThrottled", "SlowDown",
        "PriorRequestNotComplete", "EC2ThrottledException",
    };

    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "RequestTimeout", "RequestTimeoutException", "InternalServerError", "InternalServiceError",
        "InternalServiceFault", "InternalError", "ServiceUnavailable", "ServiceUnavailableException",
    };

    public static bool IsThrottling(string errorCode) => ThrottlingCodes.Contains(errorCode);

    /// <summary>
    /// Throttling codes, transient codes and HTTP 5xx. <c>LimitExceededException</c> is deliberately
    /// absent: Secrets Manager uses it for quota errors that retrying does not fix.
    /// </summary>
    public static bool IsTransient(string errorCode, HttpStatusCode statusCode) =>
        ThrottlingCodes.Contains(errorCode) || TransientCodes.Contains(errorCode) || (int)statusCode >= 500
        || statusCode == HttpStatusCode.TooManyRequests;
}
