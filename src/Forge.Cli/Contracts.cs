using System.Text.Json;
using System.Text.Json.Serialization;

namespace Forge.Cli;

// The API's shapes as the command line reads them (src/Forge.Api: WorkspaceContracts.cs and the *Api.cs files).
// Unknown members are ignored, so a newer server still works with an older command line.

public sealed record AuthConfig(string Mode, string? Authority, string? ClientId, string Audience, List<string> Scopes)
{
    public bool IsDevelopment => Mode == "development";
}

public sealed record DevTokenRequest(string User, List<string> Teams, List<string> Roles);

public sealed record DevTokenResponse(string Token);

public sealed record CreateWorkspaceRequest(string? Blueprint, string? OperatingSystem, string? Region, Dictionary<string, int>? LatencyHintsMs);

public sealed record KeepAliveRequest(bool Enabled);

public sealed record WorkspaceStep(int Sequence, string Name, string Status, int Attempts, string? LastError,
    DateTimeOffset StartedAt, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt);

public sealed record RegionChoice(string Name, string Reason);

public sealed record Connection(string? CloudWorkspaceId, string? ComputerName, string? IpAddress, string DirectoryId, string DirectoryUser,
    string? RegistrationCode, string? ClientUri, string? WebAccessUrl);

public sealed record Workspace(Guid Id, string Owner, string Status, string Blueprint, string OperatingSystem, string Bundle, RegionChoice Region,
    string? CloudWorkspaceId, string? CloudState, Connection Connection, bool KeepAlive, string? Error, DateTimeOffset RequestedAt,
    DateTimeOffset UpdatedAt, DateTimeOffset? ReadyAt, DateTimeOffset? FailedAt, DateTimeOffset? TerminatedAt, List<WorkspaceStep> Steps,
    string? ProvisioningPath = null)
{
    /// <summary>How it was obtained, in words; null from a server too old to say.</summary>
    public string? ProvisioningPathText => ProvisioningPath switch
    {
        null => null,
        "on-demand" => "built on demand",
        "pool-running" => "claimed from the warm pool's running tier",
        "pool-stopped" => "claimed from the warm pool's stopped tier (resumed)",
        var other => other,
    };

    public bool FromPool => ProvisioningPath is "pool-running" or "pool-stopped";

    /// <summary>Phases the server is still working on (the API's WorkspaceStatus.IsTransitional).</summary>
    public bool IsTransitional => Status is "provisioning" or "stopping" or "starting" or "rebooting" or "terminating";
}

public sealed record WorkspacePage(List<JsonElement> Workspaces, string? NextCursor);

public sealed record StatusEvent(Guid Id, string Status, string? Error, string? CloudWorkspaceId);

public sealed record Region(string Name, string DisplayName, bool IsDefault);

public sealed record Volume(Guid Id, string Owner, string DirectoryUser, string Region, string? FsxVolumeId, string JunctionPath, string Lifecycle,
    Guid? MountedWorkspaceId, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record VolumePage(List<JsonElement> Volumes);

public sealed record Secret(string EnvironmentName, string SecretName, string Scope);

public sealed record RefusedSecret(string EnvironmentName, string SecretName, string Scope, string Reason);

public sealed record SecretList(string Region, List<Secret> Secrets, List<RefusedSecret> Refused);

/// <summary>How the owner signs in to a pool-built workstation (<c>POST /api/v1/workspaces/{id}/sign-in</c>).</summary>
public sealed record SignInCredential(string UserName, string Password, string DirectoryId, string? RegistrationCode)
{
    // Never printed by accident (a debugger, an exception message): the password is written only where asked for.
    public override string ToString() => $"SignInCredential {{ UserName = {UserName}, Password = (redacted) }}";
}

public sealed record DotfileSyncAccepted(Guid WorkspaceId, string Direction, List<string> Patterns);

public static class CliJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>For <c>--output json</c>: indented, as the API sent it.</summary>
    public static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static T Read<T>(JsonElement element) => element.Deserialize<T>(Options)
        ?? throw new CliException(ExitCodes.Failed, $"The server answered null where a {typeof(T).Name} was expected.");
}
