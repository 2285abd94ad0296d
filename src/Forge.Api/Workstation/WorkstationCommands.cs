using Amazon.SimpleSystemsManagement.Model;
using Forge.Api.Cloud;
using Forge.Aws;
using Forge.Aws.Ssm;

namespace Forge.Api.Workstation;

/// <summary>
/// Forge's SSM documents on a workspace's machine, asynchronously: send once, then look at the
/// invocation on later passes. Never waits for a command to finish. Every command names the exact
/// document version <see cref="ForgeDocumentInstaller"/> installed, never what someone else made the
/// default or latest since.
/// </summary>
public sealed class WorkstationCommands(SsmClient ssm, ForgeDocumentInstaller documents)
{
    /// <summary>The managed node of a WorkSpace (SSM names it after the WorkSpace id), or null while its agent is not online.</summary>
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

    public async Task<string> SendAsync(string region, string instanceId, WorkstationCommand command, Guid workspaceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        try
        {
            var sent = await ssm.SendCommandAsync(new SendCommandRequest
            {
                DocumentName = command.Document,
                DocumentVersion = await documents.EnsureAsync(region, command.Document, cancellationToken),
                InstanceIds = [instanceId],
                Parameters = command.Parameters.ToDictionary(p => p.Key, p => p.Value),
                Comment = $"forge workspace {workspaceId}",
                TimeoutSeconds = 600,
            }, region, cancellationToken);
            return sent.Command.CommandId;
        }
        catch (AwsServiceException e)
        {
            throw new WorkspaceCloudException($"SendCommand {command.Document}: {e.ErrorCode}: {e.Message}", terminal: false, e);
        }
    }

    public async Task<CommandResult> ObserveAsync(string region, string commandId, string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            var invocation = await ssm.GetCommandInvocationAsync(new GetCommandInvocationRequest { CommandId = commandId, InstanceId = instanceId }, region, cancellationToken);
            return new CommandResult(invocation.Status?.Value ?? "Pending", invocation.ResponseCode ?? -1,
                invocation.StandardOutputContent ?? "", invocation.StandardErrorContent ?? "");
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
