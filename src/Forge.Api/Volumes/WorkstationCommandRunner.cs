using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Forge.Api.Workspaces;
using Forge.Aws;
using Forge.Aws.Ssm;

namespace Forge.Api.Volumes;

/// <summary>How a document run on a workstation ended: SSM's status, the script's exit code and its output.</summary>
public sealed record WorkstationCommandResult(string CommandId, string Status, int ResponseCode, string Output, string Error)
{
    public bool Succeeded => Status == "Success" && ResponseCode == 0;

    /// <summary>Why it failed: the script's error output, or SSM's status when there is none (a stopped machine's command times out undelivered).</summary>
    public string FailureReason => Error.Trim() is { Length: > 0 } error ? error : $"the command ended {Status} (exit code {ResponseCode}) with no error output";
}

/// <summary>One of Forge's documents with its parameters, ready to send to a workstation.</summary>
public sealed record WorkstationDocumentRun(string Document, Dictionary<string, List<string>> Parameters);

/// <summary>A workstation command that could not run or did not finish in time.</summary>
public sealed class WorkstationCommandException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Runs Forge's SSM documents on a workspace's machine, shared by the user volume, dotfile and secret
/// steps: names the exact version of the document that holds Forge's content
/// (<see cref="ForgeDocumentInstaller"/>), finds the machine's managed node (SSM names it after the
/// WorkSpace id), sends, and polls GetCommandInvocation on <see cref="TimeProvider"/>
/// until the command ends or <c>timeout</c> passes. Parameters carry ids, paths and ARNs, never secret values.
/// </summary>
public sealed class WorkstationCommandRunner(SsmClient ssm, ForgeDocumentInstaller documents, TimeProvider timeProvider)
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public async Task<WorkstationCommandResult> RunAsync(string cloudWorkspaceId, string region, string document,
        Dictionary<string, List<string>> parameters, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var version = await documents.EnsureAsync(region, document, linked.Token);
            var instanceId = await FindInstanceAsync(cloudWorkspaceId, region, linked.Token)
                ?? throw new WorkstationCommandException($"The workstation {cloudWorkspaceId} has no SSM agent registered yet.");
            var sent = await ssm.SendCommandAsync(new SendCommandRequest
            {
                DocumentName = document,
                DocumentVersion = version,
                InstanceIds = [instanceId],
                Parameters = parameters,
            }, region, linked.Token);
            return await WaitAsync(sent.Command.CommandId, instanceId, region, linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new WorkstationCommandException($"{document} did not finish on the workstation within {timeout}.");
        }
    }

    private async Task<WorkstationCommandResult> WaitAsync(string commandId, string instanceId, string region, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(Poll, timeProvider, cancellationToken);
            GetCommandInvocationResponse answer;
            try
            {
                answer = await ssm.GetCommandInvocationAsync(new GetCommandInvocationRequest { CommandId = commandId, InstanceId = instanceId },
                    region, cancellationToken);
            }
            catch (AwsServiceException e) when (e.ErrorCode == "InvocationDoesNotExist")
            {
                continue; // Run Command is eventually consistent just after SendCommand.
            }

            var status = answer.Status?.Value ?? "";
            if (status is not ("Pending" or "InProgress" or "Delayed"))
            {
                return new WorkstationCommandResult(commandId, status, answer.ResponseCode ?? -1,
                    answer.StandardOutputContent ?? "", answer.StandardErrorContent ?? "");
            }
        }
    }

    /// <summary>The managed node of a WorkSpace: the SSM agent registers it under the WorkSpace id as its name.</summary>
    public async Task<string?> FindInstanceAsync(string cloudWorkspaceId, string region, CancellationToken cancellationToken)
    {
        await foreach (var node in ssm.DescribeAllInstanceInformationAsync(new DescribeInstanceInformationRequest(), region, cancellationToken))
        {
            if (node.Name == cloudWorkspaceId)
            {
                return node.InstanceId;
            }
        }

        return null;
    }
}
