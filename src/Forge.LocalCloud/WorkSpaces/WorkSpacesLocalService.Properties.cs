using System.Text.Json.Nodes;
using static Forge.LocalCloud.WorkSpaces.WorkSpacesInput;

namespace Forge.LocalCloud.WorkSpaces;

// WorkspaceProperties as CreateWorkspaces and ModifyWorkspaceProperties accept them.
public sealed partial class WorkSpacesLocalService
{
    private static readonly string[] RunningModes = ["AUTO_STOP", "ALWAYS_ON", "MANUAL"];

    private static readonly string[] ComputeTypes =
    [
        "VALUE", "STANDARD", "PERFORMANCE", "POWER", "GRAPHICS", "POWERPRO", "GENERALPURPOSE_4XLARGE",
        "GENERALPURPOSE_8XLARGE", "GRAPHICSPRO", "GRAPHICS_G4DN", "GRAPHICSPRO_G4DN", "GRAPHICS_G6_XLARGE",
        "GRAPHICS_G6_2XLARGE", "GRAPHICS_G6_4XLARGE", "GRAPHICS_G6_8XLARGE", "GRAPHICS_G6_16XLARGE",
        "GRAPHICS_GR6_4XLARGE", "GRAPHICS_GR6_8XLARGE", "GRAPHICS_G6F_LARGE", "GRAPHICS_G6F_XLARGE",
        "GRAPHICS_G6F_2XLARGE", "GRAPHICS_G6F_4XLARGE", "GRAPHICS_GR6F_4XLARGE",
    ];

    /// <summary>Validates a WorkspaceProperties input and returns the members it sets.</summary>
    private static JsonObject ReadProperties(JsonObject input)
    {
        var set = new JsonObject();
        if (Enum(input, "RunningMode", RunningModes) is { } mode)
        {
            set["RunningMode"] = mode;
        }

        if (Int(input, "RunningModeAutoStopTimeoutInMinutes") is { } timeout)
        {
            set["RunningModeAutoStopTimeoutInMinutes"] = timeout > 0 && timeout % 60 == 0
                ? timeout
                : throw Invalid("RunningModeAutoStopTimeoutInMinutes must be a positive multiple of 60.");
        }

        foreach (var volume in new[] { "RootVolumeSizeGib", "UserVolumeSizeGib" })
        {
            if (Int(input, volume) is { } size)
            {
                set[volume] = size > 0 ? size : throw Invalid($"{volume} must be positive.");
            }
        }

        if (Enum(input, "ComputeTypeName", ComputeTypes) is { } compute)
        {
            set["ComputeTypeName"] = compute;
        }

        if (StringList(input, "Protocols", 0, 2) is { } protocols)
        {
            set["Protocols"] = protocols.All(p => p is "PCOIP" or "WSP") && protocols.Count > 0
                ? new JsonArray([.. protocols.Distinct().Select(p => (JsonNode)p)])
                : throw Invalid("Protocols must hold PCOIP or WSP.");
        }

        if (Object(input, "GlobalAccelerator") is { } accelerator)
        {
            Enum(accelerator, "PreferredProtocol", "TCP", "NONE", "INHERITED");
            set["GlobalAccelerator"] = Enum(accelerator, "Mode", "ENABLED_AUTO", "DISABLED", "INHERITED") is not null
                ? accelerator.DeepClone()
                : throw Invalid("GlobalAccelerator.Mode is required.");
        }

        // OperatingSystemName belongs to the image; a request may only restate it.
        Enum(input, "OperatingSystemName", "AMAZON_LINUX_2", "UBUNTU_18_04", "UBUNTU_20_04", "UBUNTU_22_04", "UNKNOWN",
            "WINDOWS_10", "WINDOWS_11", "WINDOWS_7", "WINDOWS_SERVER_2016", "WINDOWS_SERVER_2019", "WINDOWS_SERVER_2022",
            "WINDOWS_SERVER_2025", "RHEL_8", "ROCKY_8");
        return set;
    }

    private static void ApplyProperties(JsonObject properties, JsonObject set)
    {
        foreach (var (name, value) in set)
        {
            properties[name] = value?.DeepClone();
        }
    }
}
