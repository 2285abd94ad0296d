namespace Forge.LocalCloud.Machines;

/// <summary>
/// The fake computer behind a WorkSpace: what Forge's SSM documents change and what tests inspect
/// through <c>GET /_localcloud/machines/{workspaceId}</c>. Guard every read and write with <see cref="Gate"/>.
/// </summary>
public sealed class Machine(string workspaceId, string instanceId, string region, string platform, string computerName)
{
    public Lock Gate { get; } = new();

    public string WorkspaceId { get; } = workspaceId;

    /// <summary>The SSM managed instance id, <c>mi-</c> and 17 hex digits.</summary>
    public string InstanceId { get; } = instanceId;

    public string Region { get; } = region;

    /// <summary><c>Linux</c> or <c>Windows</c>, as SSM reports PlatformType.</summary>
    public string Platform { get; } = platform;

    public string ComputerName { get; } = computerName;

    /// <summary>The directory user the WorkSpace was built for (its UserName); it cannot change afterwards.</summary>
    public string UserName { get; init; } = "";

    /// <summary>True while the WorkSpace is running: only then does the SSM agent answer.</summary>
    public bool Online { get; set; }

    /// <summary>True while a user is connected to the desktop.</summary>
    public bool UserConnected { get; set; }

    public DateTimeOffset? LastUserConnection { get; set; }

    public DateTimeOffset? LastPing { get; set; }

    public MachineDomain Domain { get; } = new();

    /// <summary>Applied security settings by name (clipboard, printing, ...), as the machine reports them.</summary>
    public Dictionary<string, string> Policies { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Extra run time of documents on this machine, by document name: a fault set on the control surface
    /// (<c>PUT /_localcloud/machines/{id}/faults</c>) to stand for a slow script, such as a dotfile
    /// sync over a large home.
    /// </summary>
    public Dictionary<string, TimeSpan> DocumentDelays { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// How many of the next runs of a document fail on this machine, by document name: a fault set on
    /// the control surface to stand for a script that breaks (a missing tool, a full disk). Each failed
    /// run uses one up.
    /// </summary>
    public Dictionary<string, int> DocumentFailures { get; } = new(StringComparer.Ordinal);

    /// <summary>Mounted volumes by mount point (the Linux home, D: on Windows).</summary>
    public Dictionary<string, MachineMount> Mounts { get; } = new(StringComparer.Ordinal);

    /// <summary>Environment variables with their resolved values: this is the fake machine, not Forge.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Files in the home folder by path relative to home; symlinks are entries with a target.</summary>
    public Dictionary<string, MachineFile> HomeFiles { get; } = new(StringComparer.Ordinal);
}

public sealed class MachineDomain
{
    public bool Joined { get; set; }

    public string? Name { get; set; }

    public string? OrganizationalUnit { get; set; }

    public bool GroupPolicyApplied { get; set; }
}

/// <summary>
/// A mounted FSx volume; <paramref name="Path"/> is where it is mounted (root's
/// /var/lib/forge/volumes/&lt;owner&gt; on Linux, D: on Windows), as the record on the machine says.
/// </summary>
public sealed record MachineMount(string VolumeId, string JunctionPath, string Owner, string Path);

/// <summary>A file's content, or the target of a symbolic link.</summary>
public sealed record MachineFile(string Content, DateTimeOffset Modified, string? SymlinkTarget = null);
