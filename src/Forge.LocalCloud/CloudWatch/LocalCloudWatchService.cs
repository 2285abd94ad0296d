using System.Text.Json.Nodes;
using System.Xml.Linq;
using Forge.Aws;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.CloudWatch;

/// <summary>
/// Amazon CloudWatch's PutMetricData over all three of its protocols: awsJson 1.0 and rpcv2Cbor arrive as a
/// JSON tree, awsQuery as a form folded into the same tree, so each request is validated by one reader.
/// GetMetricData reads back what was put (awsJson 1.0 and rpcv2Cbor).
/// </summary>
public sealed partial class LocalCloudWatchService(MetricStore store, ILogger<LocalCloudWatchService> logger)
    : ICborLocalService, IQueryLocalService
{
    public AwsService Service => AwsServices.CloudWatch;

    public bool HasOperation(string operation) => operation is "PutMetricData" or "GetMetricData";

    public ValueTask<JsonObject?> InvokeAsync(string operation, JsonObject input, LocalRequestContext context,
        CancellationToken cancellationToken)
    {
        if (operation == "GetMetricData")
        {
            return ValueTask.FromResult<JsonObject?>(GetMetricDataQuery.Run(store, input, context));
        }

        PutMetricData(operation, input, context);
        return ValueTask.FromResult<JsonObject?>(null);
    }

    public ValueTask<IReadOnlyList<XElement>?> InvokeQueryAsync(string operation, IReadOnlyDictionary<string, string> parameters,
        LocalRequestContext context, CancellationToken cancellationToken)
    {
        if (operation != "PutMetricData")
        {
            throw new LocalCloudException("InvalidAction", $"The local cloud answers {operation} over JSON and CBOR only.");
        }

        PutMetricData(operation, QueryFormTree.Build(parameters), context);
        // PutMetricData has no output: the Query answer has no PutMetricDataResult element.
        return ValueTask.FromResult<IReadOnlyList<XElement>?>(null);
    }

    private void PutMetricData(string operation, JsonObject input, LocalRequestContext context)
    {
        if (!HasOperation(operation))
        {
            throw new LocalCloudException("InvalidAction", $"The action {operation} is not valid for this web service.");
        }

        var data = PutMetricDataReader.Read(input, context);
        store.AddRange(data);
        LogStored(logger, data.Count, data[0].Namespace, context.Region);
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Debug, Message = "PutMetricData stored {Count} data points in {Namespace} ({Region})")]
    private static partial void LogStored(ILogger logger, int count, string @namespace, string region);
}
