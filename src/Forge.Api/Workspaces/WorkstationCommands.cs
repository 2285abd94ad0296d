using Amazon.SimpleSystemsManagement.Model;
using Forge.Aws;
using Forge.Aws.Ssm;

namespace Forge.Api.Workspaces;

/// <summary>What a reconciler pass learns of a command it sent: still running, or finished with its output.</summary>
public sealed record CommandResult(string Status, string Output, string Error)
{
    public static readonly CommandResult Pending = new("Pending", "", "");

    public bool Finished => Status is "Success" or "Failed" or "Cancelled" or "TimedOut" or "Undeliverable" or "Terminated" or "DeliveryTimedOut" or "ExecutionTimedOut";

    public bool Succeeded => Status == "Success";
}

/// <summary>
/// Forge's SSM documents on a workspace's machine, asynchronously: send once, then look at the
/// invocation on later passes. Never waits for a command to finish.
/// </summary>
public sealed class WorkstationCommands(SsmClient ssm, ForgeDocumentInstaller documents)
{
    /// <summary>The managed node of a WorkSpace (registered under the WorkSpace id), or null while its agent is not online yet.</summary>
    public async Task<string?> FindInstanceAsync(string workspaceId, string region, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var node in ssm.DescribeAllInstanceInformationAsync(new DescribeInstanceInformationRequest { MaxResults = 50 }, region, cancellationToken))
            {
                if (node.Name == workspaceId && node.PingStatus == "Online")
                {
                    return node.InstanceId;
                }
            }

            return null;
        }
        catch (AwsServiceException e)
        {
            throw new WorkspaceCloudException($"DescribeInstanceInformation: {e.ErrorCode}: {e.Message}", terminal: false, e);
        }
    }

    public async Task<string> SendAsync(string region, string instanceId, string document, IReadOnlyDictionary<string, List<string>> parameters,
        Guid workspaceId, CancellationToken cancellationToken)
    {
        try
        {
            var sent = await ssm.SendCommandAsync(new SendCommandRequest
            {
                DocumentName = document,
                // The exact version holding Forge's content: never what someone else made the default or latest since.
                DocumentVersion = await documents.EnsureAsync(region, document, cancellationToken),
                InstanceIds = [instanceId],
                Parameters = parameters.ToDictionary(p => p.Key, p => p.Value),
                Comment = $"forge workspace {workspaceId}",
                TimeoutSeconds = 600,
            }, region, cancellationToken);
            return sent.Command.CommandId;
        }
        catch (AwsServiceException e)
        {
            throw new WorkspaceCloudException($"SendCommand {document}: {e.ErrorCode}: {e.Message}", terminal: false, e);
        }
    }

    public async Task<CommandResult> ObserveAsync(string region, string commandId, string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            var invocation = await ssm.GetCommandInvocationAsync(new GetCommandInvocationRequest { CommandId = commandId, InstanceId = instanceId }, region, cancellationToken);
            return new CommandResult(invocation.Status?.Value ?? "Pending", invocation.StandardOutputContent ?? "", invocation.StandardErrorContent ?? "");
        }
        catch (AwsServiceException e) when (e.ErrorCode == "InvocationDoesNotExist")
        {
            // Run Command is eventually consistent: right after SendCommand the invocation is not visible yet.
            return CommandResult.Pending;
        }
        catch (AwsServiceException e)
        {
            throw new WorkspaceCloudException($"GetCommandInvocation: {e.ErrorCode}: {e.Message}", terminal: false, e);
        }
    }
}
