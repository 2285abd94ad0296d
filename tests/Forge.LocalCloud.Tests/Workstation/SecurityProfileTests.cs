using Forge.Aws;
using Forge.Aws.Ssm;
using Apply = Forge.Aws.Ssm.ForgeDocuments.ApplySecurityProfile;
using Report = Forge.Aws.Ssm.ForgeDocuments.ReportSecurityProfile;

namespace Forge.LocalCloud.Tests.Workstation;

public sealed class SecurityProfileTests
{
    private static Dictionary<string, string[]> Locked(string user) => new()
    {
        [Apply.Clipboard] = ["CopyOnly"],
        [Apply.FileTransfer] = ["Disabled"],
        [Apply.Printing] = ["Disabled"],
        [Apply.Usb] = ["Disabled"],
        [Apply.LocalDrives] = ["Disabled"],
        [Apply.ScreenCapture] = ["Blocked"],
        [Apply.Watermark] = ["Enabled"],
        [Apply.WatermarkText] = [user],
    };

    [Theory]
    [InlineData("Linux")]
    [InlineData("Windows")]
    public async Task Report_shows_exactly_the_profile_that_was_applied(string platform)
    {
        await using var world = await WorkstationWorld.StartAsync();
        var machine = world.AddMachine(platform);
        var profile = Locked("alice@corp.forge.internal");

        var applied = await world.RunAsync(machine, Apply.Name, profile);
        var report = await world.RunAsync(machine, Report.Name, []);
        var view = await world.MachineViewAsync(machine);

        Assert.Equal(("Success", "Success"), (applied.Status, report.Status));
        Assert.Equal(Apply.Parameters, report.Json.Select(p => p.Key));
        Assert.Equal(profile.ToDictionary(p => p.Key, p => p.Value.Single()),
            report.Json.ToDictionary(p => p.Key, p => (string)p.Value!));
        Assert.Equal("CopyOnly", (string)view["policies"]![Apply.Clipboard]!);
    }

    [Fact]
    public async Task An_untouched_machine_reports_the_DCV_defaults_and_a_second_profile_replaces_the_first()
    {
        await using var world = await WorkstationWorld.StartAsync();
        var machine = world.AddMachine();

        var before = await world.RunAsync(machine, Report.Name, []);
        await world.RunAsync(machine, Apply.Name, Locked("alice"));
        var open = Locked("alice");
        open[Apply.Clipboard] = ["Enabled"];
        open[Apply.Watermark] = ["Disabled"];
        await world.RunAsync(machine, Apply.Name, open);
        var after = await world.RunAsync(machine, Report.Name, []);

        Assert.Equal("""{"Clipboard":"Enabled","FileTransfer":"Enabled","Printing":"Enabled","Usb":"Enabled","LocalDrives":"Enabled","ScreenCapture":"Allowed","Watermark":"Disabled","WatermarkText":""}""",
            before.Output.Trim());
        Assert.Equal(("Enabled", "Disabled", "Disabled"),
            ((string)after.Json[Apply.Clipboard]!, (string)after.Json[Apply.Watermark]!, (string)after.Json[Apply.Printing]!));
    }

    [Theory]
    [InlineData(Apply.Clipboard, "Sometimes")]
    [InlineData(Apply.WatermarkText, "alice$(reboot)")]
    [InlineData(Apply.WatermarkText, "alice' ; rm -rf / ; '")]
    public async Task Values_outside_the_documents_allowed_values_and_patterns_are_refused_before_reaching_the_machine(string parameter, string value)
    {
        await using var world = await WorkstationWorld.StartAsync();
        var machine = world.AddMachine();
        var profile = Locked("alice");
        profile[parameter] = [value];

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => world.RunAsync(machine, Apply.Name, profile));

        Assert.Equal("InvalidParameters", error.ErrorCode);
        Assert.Empty((await world.MachineViewAsync(machine))["policies"]!.AsObject());
    }
}
