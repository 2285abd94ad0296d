using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.CloudWatch;

/// <summary>
/// CloudWatch's PutMetricData errors: the model's shape names for JSON/CBOR, their awsQuery codes for Query
/// and for the <c>x-amzn-query-error</c> header. Messages follow CloudWatch's wording with Query-style paths.
/// </summary>
public static class CloudWatchErrors
{
    public static LocalCloudException Invalid(string? value, string parameter) =>
        new("InvalidParameterValueException", $"The value {value} for parameter {parameter} is invalid.", 400,
            queryCode: "InvalidParameterValue");

    public static LocalCloudException InvalidBecause(string message) =>
        new("InvalidParameterValueException", message, 400, queryCode: "InvalidParameterValue");

    public static LocalCloudException Missing(string parameter) =>
        new("MissingRequiredParameterException", $"The parameter {parameter} is required.", 400, queryCode: "MissingParameter");

    public static LocalCloudException Combination(string message) =>
        new("InvalidParameterCombinationException", message, 400, queryCode: "InvalidParameterCombination");

    public static LocalCloudException TooMany(string collection, int max) =>
        InvalidBecause($"The collection {collection} must not have a size greater than {max}.");
}
