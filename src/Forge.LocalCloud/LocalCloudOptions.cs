using System.ComponentModel.DataAnnotations;

namespace Forge.LocalCloud;

/// <summary>
/// Settings of the local cloud. Bound from the <c>LocalCloud</c> configuration section; defaults in
/// <see cref="LocalCloudDefaults"/>.
/// </summary>
public sealed class LocalCloudOptions
{
    public const string SectionName = "LocalCloud";

    /// <summary>Access key id that requests must be signed with. Default <c>forge-local</c>.</summary>
    [Required]
    public string AccessKeyId { get; set; } = LocalCloudDefaults.AccessKeyId;

    /// <summary>The loopback port of the SMTP sink (<c>GET /_localcloud/mail</c>); unset, no SMTP server runs. Embedded in Forge: 2525.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 65535)]
    public int? SmtpPort { get; set; }

    /// <summary>Secret key that requests must be signed with. Default <c>forge-local-secret</c>.</summary>
    [Required]
    public string SecretAccessKey { get; set; } = LocalCloudDefaults.SecretAccessKey;

    /// <summary>The account id in ARNs. Default <c>000000000000</c>.</summary>
    [Required]
    public string AccountId { get; set; } = LocalCloudDefaults.AccountId;

    /// <summary>Regions with seeded inventory (directory, bundles, FSx file system and SVM).</summary>
    public List<string> Regions { get; set; } = [.. LocalCloudDefaults.Regions];

    /// <summary>How long a new WorkSpace stays PENDING. Default 20 minutes, as real AWS can take.</summary>
    public TimeSpan WorkspaceBuildTime { get; set; } = LocalCloudDefaults.WorkspaceBuildTime;

    /// <summary>How long STOPPING, STARTING, REBOOTING, TERMINATING and UPDATING last. Default 1 minute.</summary>
    public TimeSpan WorkspaceTransitionTime { get; set; } = LocalCloudDefaults.WorkspaceTransitionTime;

    /// <summary>How long an FSx volume stays CREATING (and DELETING). Default 2 minutes.</summary>
    public TimeSpan VolumeCreateTime { get; set; } = LocalCloudDefaults.VolumeCreateTime;

    /// <summary>
    /// How long a just-created resource stays invisible to Describe calls and a just-sent command to
    /// GetCommandInvocation: AWS is eventually consistent. Default 2 seconds.
    /// </summary>
    public TimeSpan ConsistencyDelay { get; set; } = LocalCloudDefaults.ConsistencyDelay;

    /// <summary>
    /// How much faster than real time the local cloud's clock runs. 60 makes the 20 minutes of a
    /// WorkSpace build pass in 20 seconds. Default 1. Ignored when a test supplies its own clock.
    /// </summary>
    [Range(0.001, 100_000)]
    public double TimeScale { get; set; } = 1;

    /// <summary>
    /// Maximum difference between a request's signing time and the clients' clock (real time; the test clock
    /// when a test supplies one; not checked on a Manual clock). Default 15 minutes.
    /// </summary>
    public TimeSpan MaxClockSkew { get; set; } = LocalCloudDefaults.MaxClockSkew;

    /// <summary>System (real time, scaled) or Manual (advanced through the control surface). Default System.</summary>
    public Hosting.LocalCloudClockMode Clock { get; set; } = Hosting.LocalCloudClockMode.System;

    /// <summary>Seed of the random source behind fault rates and generated ids; unset: random.</summary>
    public int? RandomSeed { get; set; }

    /// <summary>Faults active from the start; more can be set at run time on <c>PUT /_localcloud/faults</c>.</summary>
    public List<Faults.FaultRule> Faults { get; set; } = [];
}

/// <summary>The defaults of <see cref="LocalCloudOptions"/>, in one place.</summary>
public static class LocalCloudDefaults
{
    public const string AccessKeyId = "forge-local";
    public const string SecretAccessKey = "forge-local-secret";
    public const string AccountId = "000000000000";
    public const string Url = "http://127.0.0.1:4566";

    public static readonly IReadOnlyList<string> Regions =
    [
        "us-east-1", "us-west-2", "ca-central-1", "sa-east-1", "eu-west-1", "eu-west-2", "eu-central-1",
        "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ap-south-1",
    ];

    public static readonly TimeSpan WorkspaceBuildTime = TimeSpan.FromMinutes(20);
    public static readonly TimeSpan WorkspaceTransitionTime = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan VolumeCreateTime = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan ConsistencyDelay = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(15);
}
