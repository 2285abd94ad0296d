using System.Text.Json.Nodes;
using Forge.Aws;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.Models;

/// <summary>
/// The error each service answers when an input breaks its model's constraints.
/// <see cref="Shape"/> is the model's error shape (the JSON <c>__type</c>); <see cref="QueryCode"/> its
/// awsQuery code where the model gives one; <see cref="MissingShape"/>/<see cref="MissingQueryCode"/>
/// a separate error for missing required members where the model has one (CloudWatch).
/// </summary>
public sealed record ValidationError(string Shape, string? QueryCode = null, string? MissingShape = null, string? MissingQueryCode = null);

/// <summary>Per-service validation errors, from each model's own error shapes, and the check the dispatcher runs.</summary>
public static class ValidationErrors
{
    /// <summary>
    /// Each entry is the shape whose documentation says the input failed validation:
    /// WorkSpaces "One or more parameter values are not valid" (plural name), FSx "A generic error
    /// indicating a failure with a client request", Secrets Manager "The parameter name or value is
    /// invalid", SSM "The request isn't valid", Directory Service "One or more parameters are not valid",
    /// CloudWatch "The value of an input parameter is bad or out-of-range" (and "An input parameter that
    /// is required is missing"), SNS "Indicates that a request parameter does not comply with the associated constraints".
    /// </summary>
    public static readonly IReadOnlyDictionary<string, ValidationError> ByService = new Dictionary<string, ValidationError>(StringComparer.Ordinal)
    {
        ["workspaces"] = new("InvalidParameterValuesException"),
        ["fsx"] = new("BadRequest"),
        ["secretsmanager"] = new("InvalidParameterException"),
        ["ssm"] = new("ValidationException"),
        ["ds"] = new("InvalidParameterException"),
        ["cloudwatch"] = new("InvalidParameterValueException", "InvalidParameterValue", "MissingRequiredParameterException", "MissingParameter"),
        ["sns"] = new("InvalidParameterException", "InvalidParameter"),
    };

    /// <summary>Fallback for a service not in the table: the shape most AWS services use.</summary>
    public static readonly ValidationError Default = new("ValidationException");

    public static ValidationError For(AwsService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return ByService.GetValueOrDefault(service.Name, Default);
    }

    /// <summary>
    /// Validates a JSON input leniently (unknown members are ignored, as AWS does) and throws the
    /// service's validation error when it breaks the model. A value of the wrong JSON type never reaches
    /// AWS's validation: AWS fails to deserialize it and answers <c>SerializationException</c>, so do we
    /// (except for query-compatible services, whose every error needs a Query code).
    /// </summary>
    public static void ThrowIfInvalid(AwsService service, string operation, JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (ServiceModel.For(service) is not { } model || !model.HasOperation(operation))
        {
            return;
        }

        var violations = ModelValidator.Validate(model, operation, input, reportUnknownMembers: false);
        if (violations.Count == 0)
        {
            return;
        }

        // A query-compatible service (CloudWatch) must answer with a Query code, which SerializationException lacks.
        if (!service.QueryCompatible && violations.FirstOrDefault(v => v.Kind == ModelViolationKind.Type) is { } typeError)
        {
            throw new LocalCloudException("SerializationException", typeError.Message);
        }

        var error = For(service);
        var message = ModelViolation.Summary(violations);
        if (error.MissingShape is not null && violations.All(v => v.Kind == ModelViolationKind.Required))
        {
            throw new LocalCloudException(error.MissingShape, message, queryCode: error.MissingQueryCode);
        }

        throw new LocalCloudException(error.Shape, message, queryCode: error.QueryCode);
    }
}
