using System.Text.Json.Nodes;
using Forge.LocalCloud.Faults;
using Forge.LocalCloud.Machines;
using Microsoft.Extensions.Time.Testing;

namespace Forge.LocalCloud.Control;

/// <summary>
/// The unsigned control surface under <c>/_localcloud</c> that tests and people use to look inside
/// machines and act as a user would. Answers only callers on loopback (<see cref="Hosting.LoopbackOnly"/>).
/// </summary>
public static class ControlApi
{
    public const string Prefix = "/_localcloud";

    public static RouteGroupBuilder MapControlApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix);

        group.MapGet("/machines/{workspaceId}", GetMachine);
        group.MapPut("/machines/{workspaceId}/files/{**path}", PutFile);
        group.MapGet("/faults", (FaultInjector faults) => Results.Ok(new FaultsDocument { Faults = [.. faults.Rules] }));
        group.MapPut("/faults", (FaultsDocument document, FaultInjector faults) =>
        {
            faults.Replace(document.Faults);
            return Results.Ok(new FaultsDocument { Faults = [.. faults.Rules] });
        });
        group.MapGet("/clock", (TimeProvider clock) => Results.Ok(new { now = clock.GetUtcNow() }));
        group.MapPost("/clock/advance", (ClockAdvance request, TimeProvider clock) =>
        {
            if (clock is not FakeTimeProvider manual)
            {
                return Results.Problem("The clock only advances by hand when the local cloud runs with LocalCloud:Clock=Manual.",
                    statusCode: StatusCodes.Status409Conflict);
            }

            if (request.By <= TimeSpan.Zero)
            {
                return Results.Problem("'by' must be a positive duration such as \"00:20:00\".", statusCode: StatusCodes.Status400BadRequest);
            }

            manual.Advance(request.By);
            return Results.Ok(new { now = manual.GetUtcNow() });
        });
        return group;
    }

    private static IResult GetMachine(string workspaceId, MachineRegistry machines, DirectoryServiceData.LocalDirectories directories)
    {
        var machine = machines.FindByWorkspace(workspaceId);
        if (machine is null)
        {
            return Results.NotFound();
        }

        var view = MachineView.Render(machine);
        view["identity"] = MachineView.Identity(machine, directories);
        return Results.Text(view.ToJsonString(), "application/json");
    }

    private static async Task<IResult> PutFile(string workspaceId, string path, HttpRequest request, MachineRegistry machines, TimeProvider clock)
    {
        var machine = machines.FindByWorkspace(workspaceId);
        if (machine is null)
        {
            return Results.NotFound();
        }

        if (!HomePath.TryNormalize(path, out var relative))
        {
            return Results.Problem($"'{path}' is not a path inside the home folder.", statusCode: StatusCodes.Status400BadRequest);
        }

        using var reader = new StreamReader(request.Body);
        var content = await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        lock (machine.Gate)
        {
            machine.HomeFiles[relative] = new MachineFile(content, clock.GetUtcNow());
        }

        return Results.NoContent();
    }

    public sealed class FaultsDocument
    {
        public List<FaultRule> Faults { get; set; } = [];
    }

    public sealed record ClockAdvance(TimeSpan By);
}

/// <summary>Paths relative to a home folder, with no way out of it.</summary>
public static class HomePath
{
    /// <summary>Accepts <c>a/b</c> style paths; refuses absolute paths, <c>..</c>, empty segments and backslashes.</summary>
    public static bool TryNormalize(string path, out string relative)
    {
        relative = "";
        if (string.IsNullOrWhiteSpace(path) || path.StartsWith('/') || path.StartsWith('~') || path.Contains('\\', StringComparison.Ordinal)
            || path.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        var segments = path.Split('/');
        if (segments.Any(s => s is "" or "." or ".."))
        {
            return false;
        }

        relative = string.Join('/', segments);
        return true;
    }
}

/// <summary>The JSON shape of a machine on the control surface.</summary>
public static class MachineView
{
    /// <summary>
    /// The directory user the machine's WorkSpace is bound to, as the directory knows it now: enabled or not, whether
    /// a password was set, its groups. A user the directory does not hold (a developer's own account, outside what the
    /// local directory manages) shows only its name.
    /// </summary>
    public static JsonObject Identity(Machine machine, DirectoryServiceData.LocalDirectories directories)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(directories);
        var identity = new JsonObject { ["userName"] = machine.UserName, ["inDirectory"] = false };
        if (directories.InRegion(machine.Region) is not { } directory)
        {
            return identity;
        }

        lock (directory.Sync)
        {
            if (directory.Users.TryGetValue(machine.UserName, out var user))
            {
                identity["inDirectory"] = true;
                identity["enabled"] = user.Enabled;
                identity["passwordSet"] = user.PasswordSetAt is not null;
                identity["groups"] = new JsonArray([.. directory.GroupsOf(user.SamAccountName).Select(g => (JsonNode)g.SamAccountName)]);
            }
        }

        return identity;
    }

    public static JsonObject Render(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        lock (machine.Gate)
        {
            return new JsonObject
            {
                ["workspaceId"] = machine.WorkspaceId,
                ["instanceId"] = machine.InstanceId,
                ["region"] = machine.Region,
                ["platform"] = machine.Platform,
                ["computerName"] = machine.ComputerName,
                ["online"] = machine.Online,
                ["userConnected"] = machine.UserConnected,
                ["domain"] = new JsonObject
                {
                    ["joined"] = machine.Domain.Joined,
                    ["name"] = machine.Domain.Name,
                    ["organizationalUnit"] = machine.Domain.OrganizationalUnit,
                    ["groupPolicyApplied"] = machine.Domain.GroupPolicyApplied,
                },
                ["policies"] = new JsonObject(machine.Policies.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
                ["mounts"] = new JsonArray([.. machine.Mounts.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => (JsonNode)new JsonObject
                {
                    ["mountPoint"] = m.Key,
                    ["path"] = m.Value.Path,
                    ["volumeId"] = m.Value.VolumeId,
                    ["junctionPath"] = m.Value.JunctionPath,
                    ["owner"] = m.Value.Owner,
                })]),
                ["environment"] = new JsonObject(machine.Environment.OrderBy(e => e.Key, StringComparer.Ordinal)
                    .Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value))),
                ["files"] = new JsonObject
                {
                    ["home"] = new JsonObject(machine.HomeFiles.OrderBy(f => f.Key, StringComparer.Ordinal)
                        .Select(f => KeyValuePair.Create(f.Key, (JsonNode?)new JsonObject
                        {
                            ["content"] = f.Value.Content,
                            ["modified"] = f.Value.Modified,
                            ["symlinkTarget"] = f.Value.SymlinkTarget,
                        }))),
                },
            };
        }
    }
}
