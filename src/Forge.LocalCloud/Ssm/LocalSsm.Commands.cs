using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Forge.LocalCloud.Protocol;
using Forge.LocalCloud.SecretsManager;

namespace Forge.LocalCloud.Ssm;

public sealed partial class LocalSsm
{
    private const int MaxInstances = 50;

    private JsonObject SendCommand(JsonInput request, LocalRequestContext context)
    {
        var documentName = request.RequiredString("DocumentName");
        if (!DocumentArnPattern().IsMatch(documentName))
        {
            throw new LocalCloudException("ValidationException", "DocumentName must match ^[a-zA-Z0-9_\\-.:/]{3,128}$.");
        }

        var document = FindDocument(documentName, context);
        var requestedVersion = request.String("DocumentVersion");
        var version = SelectVersion(document, requestedVersion, null);
        var timeout = request.Int("TimeoutSeconds", 30, 2_592_000) ?? 3600;
        var comment = request.String("Comment", 0, 100);
        // The document's parameters are checked before the targets, as SSM validates the request before delivery.
        var given = Parameters(request);
        var effective = SsmParameterCheck.Resolve(version.Parsed.Parameters, given);
        var instanceIds = Targets(request, context, version.Parsed);

        var commandId = ids.NewGuid().ToString();
        var record = new SsmCommandRecord(context.Region, commandId, document.Name, Number(version.Number), instanceIds, given, comment, context.Now);
        var echo = SsmCommandJson.Echo(request, record, requestedVersion, timeout);
        var command = new SsmCommand(record, echo, version.Parsed.PluginNames[0], timeout, effective);
        foreach (var id in instanceIds)
        {
            command.Invocations[id] = new SsmInvocation(id);
        }

        if (!_commands.TryGetValue(context.Region, out var list))
        {
            list = [];
            _commands[context.Region] = list;
        }

        list.Add(command);
        runner.Start(command);
        return new JsonObject { ["Command"] = echo.DeepClone() };
    }

    private JsonObject GetCommandInvocation(JsonInput request, LocalRequestContext context)
    {
        var commandId = request.RequiredString("CommandId");
        var instanceId = request.RequiredString("InstanceId");
        var pluginName = request.String("PluginName");
        if (commandId.Length != 36)
        {
            throw new LocalCloudException("InvalidCommandId", "The command id is not valid.");
        }

        if (!InstanceIdPattern().IsMatch(instanceId))
        {
            throw new LocalCloudException("InvalidInstanceId", $"Instance id {instanceId} is not valid.");
        }

        // Run Command is eventually consistent: an invocation is not readable right after SendCommand.
        var command = _commands.GetValueOrDefault(context.Region)?.Find(c => c.CommandId == commandId);
        if (command is null || context.Now < command.RequestedDateTime + options.ConsistencyDelay
            || !command.Invocations.TryGetValue(instanceId, out var invocation))
        {
            throw new LocalCloudException("InvocationDoesNotExist", "An invocation for this command and instance does not exist.");
        }

        if (pluginName is not null && pluginName != command.PluginName)
        {
            throw new LocalCloudException("InvalidPluginName", $"The plugin name {pluginName} is not valid for this document.");
        }

        runner.Observe(command, invocation, context.Now);
        return SsmInvocationJson.Render(command, invocation);
    }

    /// <summary>InstanceIds, or Targets with the key InstanceIds: known managed nodes of this region, at most 50.</summary>
    private List<string> Targets(JsonInput request, LocalRequestContext context, SsmDocumentContent document)
    {
        var ids = request.Strings("InstanceIds", 0, MaxInstances) ?? [];
        var targets = request.Structures("Targets");
        if (targets.Count > 5)
        {
            throw new LocalCloudException("ValidationException", "Targets can have at most 5 entries.");
        }

        foreach (var target in targets)
        {
            if (target.RequiredString("Key") != "InstanceIds")
            {
                throw new LocalCloudException("InvalidInstanceId", "The local cloud resolves only the target key InstanceIds.");
            }

            ids.AddRange(target.Strings("Values", 0, MaxInstances) ?? []);
        }

        if (ids.Count == 0)
        {
            throw new LocalCloudException("ValidationException", "Specify InstanceIds or Targets.");
        }

        if (ids.Count > MaxInstances)
        {
            throw new LocalCloudException("ValidationException", $"A command can target at most {MaxInstances} instances.");
        }

        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
        {
            throw new LocalCloudException("DuplicateInstanceId", "An instance id appears more than once.");
        }

        var unknown = ids.Where(id => !InstanceIdPattern().IsMatch(id) || machines.FindByInstance(id)?.Region != context.Region).ToList();
        if (unknown.Count > 0)
        {
            throw new LocalCloudException("InvalidInstanceId",
                $"Instances [[{string.Join(", ", unknown)}]] not in a valid state for account {options.AccountId}");
        }

        if (ids.Any(id => !document.PlatformTypes.Contains(machines.FindByInstance(id)!.Platform)))
        {
            throw new LocalCloudException("UnsupportedPlatformType", "The document does not support the platform of every target instance.");
        }

        return ids;
    }

    private static Dictionary<string, IReadOnlyList<string>> Parameters(JsonInput request)
    {
        var parameters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (request.Object("Parameters") is not { } map)
        {
            return parameters;
        }

        var values = new JsonInput(map, "ValidationException");
        foreach (var name in map.Select(p => p.Key).ToList())
        {
            parameters[name] = values.Strings(name) ?? [];
        }

        return parameters;
    }

    [GeneratedRegex(@"^[a-zA-Z0-9_\-.:/]{3,128}$")]
    private static partial Regex DocumentArnPattern();

    [GeneratedRegex(@"(^i-(\w{8}|\w{17})$)|(^mi-\w{17}$)")]
    internal static partial Regex InstanceIdPattern();
}
