using System.Collections.Concurrent;
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
public sealed class WorkstationCommands(SsmClient ssm, ForgeDocumentInstaller documents, TimeProvider timeProvider)
{
    /// <summary>How old a region's list of online managed nodes may be and still answer who is online.</summary>
    public static readonly TimeSpan NodeListFreshness = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long after SendCommand answered a command this process sent is first asked about. Run Command shows an
    /// invocation only a moment after SendCommand (InvocationDoesNotExist until then), and no document finishes
    /// sooner; yet the passes that follow a send at once (the other steps of its stage) would each ask, spending
    /// SSM's call budget, which a burst of claims shares, on an answer known in advance.
    /// </summary>
    public static readonly TimeSpan CommandVisibleAfter = TimeSpan.FromSeconds(2);

    /// <summary>Beyond this many remembered sends, those past <see cref="CommandVisibleAfter"/> are forgotten.</summary>
    private const int SentMemory = 1024;

    private readonly ConcurrentDictionary<string, NodeList> _nodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _sentAt = new(StringComparer.Ordinal);

    /// <summary>
    /// The managed node of a WorkSpace (SSM names it after the WorkSpace id), or null while its agent is not online.
    /// Every workspace waiting for its agent (a pool filling up: dozens) asks on each pass, and each list pages through
    /// every node of the region; so a region's list is made once and shared for <see cref="NodeListFreshness"/>, and SSM's
    /// call budget, which the commands of claims need, is not spent on the same pages again and again.
    /// </summary>
    public async Task<string?> FindInstanceAsync(string workspaceId, string region, CancellationToken cancellationToken)
    {
        var list = _nodes.GetOrAdd(region, _ => new NodeList());
        await list.Gate.WaitAsync(cancellationToken);
        try
        {
            if (list.ListedAt is not { } listedAt || timeProvider.GetUtcNow() - listedAt >= NodeListFreshness)
            {
                list.Online = await ListOnlineAsync(region, cancellationToken);
                list.ListedAt = timeProvider.GetUtcNow();
            }

            return list.Online.GetValueOrDefault(workspaceId);
        }
        finally
        {
            list.Gate.Release();
        }
    }

    private async Task<Dictionary<string, string>> ListOnlineAsync(string region, CancellationToken cancellationToken)
    {
        var online = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            var request = new DescribeInstanceInformationRequest
            {
                MaxResults = 50,
                Filters = [new InstanceInformationStringFilter { Key = "PingStatus", Values = ["Online"] }],
            };
            await foreach (var node in ssm.DescribeAllInstanceInformationAsync(request, region, cancellationToken))
            {
                if (node.Name is { } name && node.PingStatus == "Online")
                {
                    online[name] = node.InstanceId;
                }
            }

            return online;
        }
        catch (AwsServiceException e)
        {
            throw new WorkspaceCloudException($"DescribeInstanceInformation: {e.ErrorCode}: {e.Message}", terminal: false, e);
        }
    }

    /// <summary>Remembers when SSM took a command; commands nobody looked at again (their workspace failed) are forgotten in time.</summary>
    private void Remember(string commandId)
    {
        var now = timeProvider.GetUtcNow();
        if (_sentAt.Count >= SentMemory)
        {
            foreach (var old in _sentAt.Where(e => now - e.Value >= CommandVisibleAfter).Select(e => e.Key).ToList())
            {
                _sentAt.TryRemove(old, out _);
            }
        }

        _sentAt[commandId] = now;
    }

    /// <summary>A region's online managed nodes by name (the WorkSpace id), and when they were listed; one listing at a time.</summary>
    private sealed class NodeList
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public DateTimeOffset? ListedAt { get; set; }

        public Dictionary<string, string> Online { get; set; } = [];
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
            Remember(sent.Command.CommandId);
            return sent.Command.CommandId;
        }
        catch (AwsServiceException e)
        {
            throw new WorkspaceCloudException($"SendCommand {command.Document}: {e.ErrorCode}: {e.Message}", terminal: false, e);
        }
    }

    public async Task<CommandResult> ObserveAsync(string region, string commandId, string instanceId, CancellationToken cancellationToken)
    {
        if (_sentAt.TryGetValue(commandId, out var sentAt))
        {
            if (timeProvider.GetUtcNow() - sentAt < CommandVisibleAfter)
            {
                return CommandResult.Pending; // What SSM would say (InvocationDoesNotExist), without the call.
            }

            _sentAt.TryRemove(commandId, out _);
        }

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
