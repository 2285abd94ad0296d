using Forge.Api.Workstation;

namespace Forge.Api.Monitoring;

/// <summary>
/// The short names the metrics give the provisioning steps (create, wait, join, hardening, verify,
/// mount, dotfiles, secrets), from the step rows' names. A step Forge does not know yet (a pool's
/// claim) keeps its own name.
/// </summary>
public static class ProvisioningStepLabels
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        [StepNames.SecureDirectory] = "create",
        [StepNames.Create] = "create",
        [StepNames.WaitAvailable] = "wait",
        [StepNames.JoinDomain] = "join",
        [StepNames.ApplySecurityProfile] = "hardening",
        [StepNames.VerifySecurityProfile] = "verify",
        [StepNames.MountVolume] = "mount",
        [StepNames.ApplyDotfiles] = "dotfiles",
        [StepNames.InjectSecrets] = "secrets",
    };

    public static string For(string stepName) => Labels.TryGetValue(stepName, out var label) ? label : stepName;
}
