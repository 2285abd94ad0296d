namespace Forge.Api.Workspaces;

/// <summary>The body of <c>POST /api/v1/workspaces</c>.</summary>
public sealed record CreateWorkspaceRequest(
    string? Blueprint, string? OperatingSystem, string? Bundle, string? Region, Dictionary<string, int>? LatencyHintsMs);

public sealed record KeepAliveRequest(bool? Enabled);

public sealed record WorkspaceStepView(
    int Sequence, string Name, string Status, int Attempts, string? LastError, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt);

public sealed record RegionChoiceView(string Name, string Reason);

/// <summary>
/// How to reach the workstation: the directory's registration code, the client URI that registers
/// it and fills in the user (<c>workspaces://user@code</c>, data parts percent-encoded) and the web client.
/// </summary>
public sealed record ConnectionView(
    string? CloudWorkspaceId, string? ComputerName, string? IpAddress, string DirectoryId, string DirectoryUser,
    string? RegistrationCode, string? ClientUri, string? WebAccessUrl)
{
    public const string WebClientRegistration = "https://clients.amazonworkspaces.com/webclient#/registration";

    public static ConnectionView From(Workspace w)
    {
        ArgumentNullException.ThrowIfNull(w);
        var code = w.RegistrationCode;
        return new ConnectionView(w.CloudWorkspaceId, w.ComputerName, w.IpAddress, w.DirectoryId, w.DirectoryUser, code,
            code is null ? null : $"workspaces://{Encode(w.DirectoryUser)}@{Encode(code)}",
            code is null ? null : WebClientRegistration);
    }

    // The scheme's reserved characters (@ : / ? & = and the rest) are escaped; '+' of a registration code stays as it is.
    private static string Encode(string data) => Uri.EscapeDataString(data).Replace("%2B", "+", StringComparison.Ordinal);
}

/// <summary>A workspace as the API shows it. <see cref="ProvisioningPath"/>: built on demand, or claimed from a warm pool running or stopped.</summary>
public sealed record WorkspaceView(
    Guid Id,
    string Owner,
    string Status,
    string Blueprint,
    string OperatingSystem,
    string Bundle,
    RegionChoiceView Region,
    string? CloudWorkspaceId,
    string? CloudState,
    ConnectionView Connection,
    bool KeepAlive,
    string? Error,
    DateTimeOffset RequestedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ReadyAt,
    DateTimeOffset? FailedAt,
    DateTimeOffset? TerminatedAt,
    List<WorkspaceStepView> Steps,
    bool? Connected,
    DateTimeOffset? LastConnectedAt,
    Forge.Api.Lifecycle.LifecycleView Lifecycle,
    string ProvisioningPath)
{
    public static WorkspaceView From(Workspace w)
    {
        ArgumentNullException.ThrowIfNull(w);
        return new WorkspaceView(
            w.Id, w.OwnerId, w.Status, w.Blueprint, w.OperatingSystem, w.BundleId,
            new RegionChoiceView(w.Region, w.RegionReason), w.CloudWorkspaceId, w.CloudState,
            ConnectionView.From(w),
            w.KeepAlive, w.Error, w.RequestedAt, w.UpdatedAt, w.ReadyAt, w.FailedAt, w.TerminatedAt,
            [.. w.Steps.OrderBy(s => s.Sequence).Select(s =>
                new WorkspaceStepView(s.Sequence, s.Name, s.Status, s.Attempts, s.LastError, s.StartedAt, s.UpdatedAt, s.CompletedAt))],
            w.Lifecycle?.Connected, w.Lifecycle?.LastConnectedAt, Forge.Api.Lifecycle.LifecycleView.From(w.Lifecycle), w.ProvisioningPath);
    }
}

/// <summary>One page of workspaces; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record WorkspacePage(List<WorkspaceView> Workspaces, string? NextCursor);
