using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Forge.Aws;
using Forge.LocalCloud.Tests.SecretsManager;

namespace Forge.LocalCloud.Tests.Ssm;

public sealed class SsmDocumentTests
{
    private static readonly AwsService Ssm = AwsServices.Ssm;

    internal const string Content = """
        {
          "schemaVersion": "2.2",
          "description": "Joins the domain.",
          "parameters": {
            "domain": { "type": "String", "description": "Domain name" },
            "ou": { "type": "String", "default": "OU=Workstations" },
            "mode": { "type": "String", "default": "join", "allowedValues": ["join", "leave"] }
          },
          "mainSteps": [ { "action": "aws:runPowerShellScript", "name": "join", "inputs": { "runCommand": ["echo"] } } ]
        }
        """;

    [Fact]
    public async Task The_AWS_script_documents_exist_in_every_region()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        var shell = (await cloud.CallAsync(Ssm, "DescribeDocument", new JsonObject { ["Name"] = "AWS-RunShellScript" }, "ap-south-1"))["Document"]!;
        var powershell = (await cloud.CallAsync(Ssm, "DescribeDocument", new JsonObject { ["Name"] = "AWS-RunPowerShellScript" }))["Document"]!;

        Assert.Equal("Amazon", (string)shell["Owner"]!);
        Assert.Equal(["commands:StringList:", "workingDirectory:String:", "executionTimeout:String:3600"],
            shell["Parameters"]!.AsArray().Select(p => $"{p!["Name"]}:{p["Type"]}:{p["DefaultValue"]}"));
        Assert.Equal(["Linux", "MacOS"], shell["PlatformTypes"]!.AsArray().Select(p => (string)p!));
        Assert.Equal(["Windows", "Linux"], powershell["PlatformTypes"]!.AsArray().Select(p => (string)p!));
        Assert.Equal("1.2", (string)shell["SchemaVersion"]!);
        Assert.Equal("Active", (string)shell["Status"]!);
    }

    [Fact]
    public async Task Create_update_and_describe_keep_versions_with_content_hashes()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        var created = (await cloud.CallAsync(Ssm, "CreateDocument", new JsonObject
        {
            ["Name"] = "Forge-JoinDomain", ["Content"] = Content, ["DocumentType"] = "Command", ["DocumentFormat"] = "JSON",
        }))["DocumentDescription"]!;
        var updatedContent = Content.Replace("Joins the domain.", "Joins the domain, v2.", StringComparison.Ordinal);
        var updated = (await cloud.CallAsync(Ssm, "UpdateDocument", new JsonObject
        {
            ["Name"] = "Forge-JoinDomain", ["Content"] = updatedContent, ["DocumentVersion"] = "$LATEST",
        }))["DocumentDescription"]!;

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Content))), (string)created["Hash"]!);
        Assert.Equal("Sha256", (string)created["HashType"]!);
        Assert.Equal(["domain::True", "ou:OU=Workstations:False", "mode:join:False"],
            created["Parameters"]!.AsArray().Select(p => $"{p!["Name"]}:{p["DefaultValue"]}:{p["DefaultValue"] is null}"));
        Assert.Equal(("2", "2", "1"), ((string)updated["DocumentVersion"]!, (string)updated["LatestVersion"]!, (string)updated["DefaultVersion"]!));

        var byDefault = (await cloud.CallAsync(Ssm, "DescribeDocument", new JsonObject { ["Name"] = "Forge-JoinDomain" }))["Document"]!;
        var latest = (await cloud.CallAsync(Ssm, "DescribeDocument", new JsonObject { ["Name"] = "Forge-JoinDomain", ["DocumentVersion"] = "$LATEST" }))["Document"]!;
        Assert.Equal("Joins the domain.", (string)byDefault["Description"]!);
        Assert.Equal("Joins the domain, v2.", (string)latest["Description"]!);
        Assert.Equal(["Windows", "Linux"], latest["PlatformTypes"]!.AsArray().Select(p => (string)p!));
    }

    [Fact]
    public async Task UpdateDocumentDefaultVersion_chooses_what_runs_when_a_command_names_no_version_and_a_named_version_runs_as_named()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        await cloud.CallAsync(Ssm, "CreateDocument", new JsonObject { ["Name"] = "Forge-Doc", ["Content"] = Content });
        await cloud.CallAsync(Ssm, "UpdateDocument", new JsonObject
        {
            ["Name"] = "Forge-Doc", ["Content"] = Content.Replace("Joins the domain.", "v2", StringComparison.Ordinal), ["DocumentVersion"] = "$LATEST",
        });
        var machine = SsmMachines.Add(cloud, "Windows");
        async Task<string> RunsAsync(string? version)
        {
            var input = new JsonObject
            {
                ["DocumentName"] = "Forge-Doc", ["InstanceIds"] = new JsonArray(machine.InstanceId),
                ["Parameters"] = new JsonObject { ["domain"] = new JsonArray("corp") },
            };
            if (version is not null)
            {
                input["DocumentVersion"] = version;
            }

            return (string)(await cloud.CallAsync(Ssm, "SendCommand", input))["Command"]!["DocumentVersion"]!;
        }

        var changed = (await cloud.CallAsync(Ssm, "UpdateDocumentDefaultVersion", new JsonObject { ["Name"] = "Forge-Doc", ["DocumentVersion"] = "2" }))["Description"]!;

        Assert.Equal(("Forge-Doc", "2"), ((string)changed["Name"]!, (string)changed["DefaultVersion"]!));
        var byDefault = (await cloud.CallAsync(Ssm, "DescribeDocument", new JsonObject { ["Name"] = "Forge-Doc" }))["Document"]!;
        Assert.Equal(("2", "v2"), ((string)byDefault["DefaultVersion"]!, (string)byDefault["Description"]!));
        using var http = new HttpClient { BaseAddress = cloud.BaseAddress };
        Assert.Equal(["$DEFAULT", "1", "$LATEST"], [await RunsAsync(null), await RunsAsync("1"), await RunsAsync("$LATEST")]);
        var ran = (await http.GetFromJsonAsync<JsonObject>("/_localcloud/ssm/commands"))!["commands"]!.AsArray().Select(c => (string)c!["documentVersion"]!);
        Assert.Equal(["2", "1", "2"], ran);

        Assert.Equal("InvalidDocumentVersion", (await cloud.ErrorAsync(Ssm, "UpdateDocumentDefaultVersion", new JsonObject { ["Name"] = "Forge-Doc", ["DocumentVersion"] = "3" })).ErrorCode);
        Assert.Equal("ValidationException", (await cloud.ErrorAsync(Ssm, "UpdateDocumentDefaultVersion", new JsonObject { ["Name"] = "Forge-Doc", ["DocumentVersion"] = "$LATEST" })).ErrorCode);
        Assert.Equal("InvalidDocument", (await cloud.ErrorAsync(Ssm, "UpdateDocumentDefaultVersion", new JsonObject { ["Name"] = "Forge-Missing", ["DocumentVersion"] = "1" })).ErrorCode);
        Assert.Equal("InvalidDocument", (await cloud.ErrorAsync(Ssm, "UpdateDocumentDefaultVersion", new JsonObject { ["Name"] = "AWS-RunShellScript", ["DocumentVersion"] = "1" })).ErrorCode);
    }

    [Fact]
    public async Task Document_errors_use_the_models_codes()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        await cloud.CallAsync(Ssm, "CreateDocument", new JsonObject { ["Name"] = "Forge-Doc", ["Content"] = Content });

        Assert.Equal("DocumentAlreadyExists", (await cloud.ErrorAsync(Ssm, "CreateDocument", new JsonObject { ["Name"] = "Forge-Doc", ["Content"] = Content })).ErrorCode);
        Assert.Equal("DuplicateDocumentContent", (await cloud.ErrorAsync(Ssm, "UpdateDocument", new JsonObject { ["Name"] = "Forge-Doc", ["Content"] = Content })).ErrorCode);
        Assert.Equal("InvalidDocument", (await cloud.ErrorAsync(Ssm, "DescribeDocument", new JsonObject { ["Name"] = "Forge-Missing" })).ErrorCode);
        Assert.Equal("InvalidDocument", (await cloud.ErrorAsync(Ssm, "UpdateDocument", new JsonObject { ["Name"] = "Forge-Missing", ["Content"] = Content })).ErrorCode);
        Assert.Equal("InvalidDocumentVersion", (await cloud.ErrorAsync(Ssm, "DescribeDocument", new JsonObject { ["Name"] = "Forge-Doc", ["DocumentVersion"] = "7" })).ErrorCode);
        Assert.Equal("InvalidDocumentContent", (await cloud.ErrorAsync(Ssm, "CreateDocument", new JsonObject { ["Name"] = "Forge-Bad", ["Content"] = "{ not json" })).ErrorCode);
        Assert.Equal("InvalidDocumentSchemaVersion", (await cloud.ErrorAsync(Ssm, "CreateDocument",
            new JsonObject { ["Name"] = "Forge-Old", ["Content"] = """{"schemaVersion":"0.3","mainSteps":[]}""" })).ErrorCode);
        Assert.Equal("ValidationException", (await cloud.ErrorAsync(Ssm, "CreateDocument", new JsonObject { ["Name"] = "x", ["Content"] = Content })).ErrorCode);
    }
}
