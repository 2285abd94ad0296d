using Forge.LocalCloud.Machines;
using Forge.LocalCloud.Tests.SecretsManager;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.LocalCloud.Tests.Ssm;

/// <summary>Puts machines straight into the registry, standing in for WorkSpaces.</summary>
internal static class SsmMachines
{
    private static int _next;

    public static Machine Add(LocalAwsHarness cloud, string platform = "Linux", bool online = true, string region = "us-east-1")
    {
        var n = Interlocked.Increment(ref _next);
        var machine = new Machine($"ws-test{n:d5}", $"mi-{n:x17}", region, platform, $"WKS{n:d5}") { Online = online };
        cloud.Services.GetRequiredService<MachineRegistry>().Add(machine);
        return machine;
    }
}
