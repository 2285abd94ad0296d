using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.Sns;

/// <summary>SNS's Publish errors: the model's shape names with their awsQuery codes and HTTP statuses.</summary>
public static class SnsErrors
{
    /// <summary><c>InvalidParameter</c>, 400. SNS words these "Invalid parameter: {what}".</summary>
    public static LocalCloudException InvalidParameter(string what) =>
        new("InvalidParameterException", $"Invalid parameter: {what}", 400, queryCode: "InvalidParameter");

    /// <summary><c>ParameterValueInvalid</c>, 400: SNS uses it for bad message attributes.</summary>
    public static LocalCloudException InvalidParameterValue(string message) =>
        new("InvalidParameterValueException", message, 400, queryCode: "ParameterValueInvalid");

    public static LocalCloudException NotFound(string message) =>
        new("NotFoundException", message, 404, queryCode: "NotFound");

    public static LocalCloudException AuthorizationError(string message) =>
        new("AuthorizationErrorException", message, 403, queryCode: "AuthorizationError");

    public static LocalCloudException Validation(string message) => new("ValidationException", message, 400);
}
