using System.Text.Json.Nodes;
using Forge.Aws;
using Forge.LocalCloud.Hosting;
using Forge.LocalCloud.Machines;
using Forge.LocalCloud.Protocol;
using Forge.LocalCloud.SecretsManager;

namespace Forge.LocalCloud.Ssm;

/// <summary>
/// AWS Systems Manager on the local cloud: Command documents with versions, the managed nodes that
/// are the WorkSpaces' machines, and Run Command whose invocations progress on the local cloud's
/// clock and do, on each machine, what the document's <see cref="IMachineDocumentHandler"/> does.
/// </summary>
public sealed partial class LocalSsm(
    MachineRegistry machines,
    SsmCommandRunner runner,
    LocalIds ids,
    LocalCloudOptions options) : IJsonLocalService
{
    private static readonly HashSet<string> Operations = new(StringComparer.Ordinal)
    {
        "SendCommand", "GetCommandInvocation", "CreateDocument", "UpdateDocument", "UpdateDocumentDefaultVersion", "DescribeDocument",
        "DescribeInstanceInformation",
    };

    private readonly Dictionary<string, Dictionary<string, SsmDocument>> _documents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SsmCommand>> _commands = new(StringComparer.Ordinal);

    public AwsService Service => AwsServices.Ssm;

    public string ErrorMessageMember => "Message";

    /// <summary>The service's one lock; the runner's timers take it too.</summary>
    internal Lock Gate => runner.Gate;

    public bool HasOperation(string operation) => Operations.Contains(operation);

    public ValueTask<JsonObject?> InvokeAsync(string operation, JsonObject input, LocalRequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = new JsonInput(input, "ValidationException");
        lock (Gate)
        {
            JsonObject output = operation switch
            {
                "CreateDocument" => CreateDocument(request, context),
                "UpdateDocument" => UpdateDocument(request, context),
                "UpdateDocumentDefaultVersion" => UpdateDocumentDefaultVersion(request, context),
                "DescribeDocument" => DescribeDocument(request, context),
                "DescribeInstanceInformation" => DescribeInstanceInformation(request, context),
                "SendCommand" => SendCommand(request, context),
                "GetCommandInvocation" => GetCommandInvocation(request, context),
                _ => throw new LocalCloudException("UnknownOperationException", $"Operation {operation} is not supported."),
            };
            return ValueTask.FromResult<JsonObject?>(output);
        }
    }

    /// <summary>Every SendCommand accepted so far, oldest first, optionally of one region: what the control surface shows.</summary>
    public IReadOnlyList<SsmCommandRecord> SentCommands(string? region = null)
    {
        lock (Gate)
        {
            return [.. _commands.Where(r => region is null || r.Key == region)
                .SelectMany(r => r.Value)
                .OrderBy(c => c.RequestedDateTime)
                .Select(c => c.Record)];
        }
    }

    /// <summary>The region's documents, with the AWS-provided ones seeded on first use.</summary>
    private Dictionary<string, SsmDocument> Documents(string region)
    {
        if (_documents.TryGetValue(region, out var documents))
        {
            return documents;
        }

        documents = new Dictionary<string, SsmDocument>(StringComparer.Ordinal);
        foreach (var (name, content) in AwsProvidedDocuments.Contents)
        {
            // A fixed date in the past: AWS's own documents predate anything created here.
            var document = new SsmDocument(name, "Amazon", "Command", null, DateTimeOffset.UnixEpoch.AddYears(47));
            document.Versions.Add(new SsmDocumentVersion(1, content, "JSON", SsmDocumentContent.Hash(content),
                SsmDocumentContent.Parse(content, "JSON"), null, null, document.CreatedDate));
            documents.Add(name, document);
        }

        _documents[region] = documents;
        return documents;
    }
}
