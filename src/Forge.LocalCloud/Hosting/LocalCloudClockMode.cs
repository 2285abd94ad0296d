namespace Forge.LocalCloud.Hosting;

/// <summary>Which clock the local cloud runs on when nobody hands it one.</summary>
public enum LocalCloudClockMode
{
    /// <summary>Real time, sped up by <see cref="LocalCloudOptions.TimeScale"/>.</summary>
    System,

    /// <summary>Stands still until <c>POST /_localcloud/clock/advance</c>: for tests in other processes.</summary>
    Manual,
}
