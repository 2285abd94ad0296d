using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Forge.Aws.Ssm;
using Forge.LocalCloud.Ssm;

namespace Forge.LocalCloud.Tests.Documents;

public sealed partial class ForgeDocumentFileTests
{
    /// <summary>A valid value for every parameter, to check that the patterns admit it and nothing dangerous beside it.</summary>
    private static readonly Dictionary<string, string> Examples = new(StringComparer.Ordinal)
    {
        ["DomainName"] = "corp.forge.internal",
        ["OrganizationalUnit"] = "OU=Dev Workstations,OU=Forge,DC=corp,DC=forge,DC=internal",
        ["JoinCredentialsSecretArn"] = "arn:aws:secretsmanager:us-east-1:123456789012:secret:forge/join-AbC123",
        ["WatermarkText"] = "alice@corp.forge.internal",
        ["VolumeId"] = "fsvol-0123456789abcdef0",
        ["NfsDnsName"] = "svm-0123456789abcdef0.fs-0123456789abcdef0.fsx.us-east-1.amazonaws.com",
        ["JunctionPath"] = "/home_alice",
        ["OwnerDirectoryUser"] = "alice.smith",
        ["Patterns"] = ".config/**/*.toml",
        ["SecretReferences"] = "NPM_TOKEN=arn:aws:secretsmanager:us-east-1:123456789012:secret:dev/npm+ci=1.x@y-AbC123",
    };

    /// <summary>What could end a quoted value or a here-document, or start a command, in bash or PowerShell.</summary>
    private static readonly string[] Dangerous = ["'", "\"", "`", "$", ";", "|", "&", "<", ">", "(", ")", "{", "}", "\\", "\n", "\r", "%", "\u2018", "\u2019", "#"];

    [Fact]
    public void The_repository_files_are_exactly_the_documents_Forge_embeds_with_SSMs_hash()
    {
        Assert.Equal(RepositoryDocuments.Names, ForgeDocuments.All.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(7, RepositoryDocuments.Names.Count);
        foreach (var document in ForgeDocuments.All.Values)
        {
            Assert.Equal(RepositoryDocuments.Content(document.Name), document.Content);
            Assert.Equal(SsmDocumentContent.Hash(document.Content), document.Sha256);
        }
    }

    [Theory]
    [MemberData(nameof(RepositoryDocuments.All), MemberType = typeof(RepositoryDocuments))]
    public void A_document_is_schema_2_2_JSON_that_SSM_parses_with_one_Linux_and_one_Windows_step(string name)
    {
        var parsed = SsmDocumentContent.Parse(RepositoryDocuments.Content(name), "JSON");
        var steps = RepositoryDocuments.Json(name)["mainSteps"]!.AsArray();

        Assert.Equal("2.2", parsed.SchemaVersion);
        Assert.Contains("Linux", parsed.PlatformTypes);
        Assert.Contains("Windows", parsed.PlatformTypes);
        Assert.Equal(["aws:runShellScript", "aws:runPowerShellScript"], steps.Select(s => (string)s!["action"]!));
        Assert.Equal("aws:runShellScript", (string)RepositoryDocuments.Step(name, "Linux")["action"]!);
        Assert.Equal("aws:runPowerShellScript", (string)RepositoryDocuments.Step(name, "Windows")["action"]!);
        Assert.All(steps, s => Assert.Equal("platformType", (string)s!["precondition"]!["StringEquals"]![0]!));
    }

    [Theory]
    [MemberData(nameof(RepositoryDocuments.All), MemberType = typeof(RepositoryDocuments))]
    public void No_parameter_is_named_like_a_secret_value(string name)
    {
        foreach (var parameter in Parameters(name).Select(p => p.Key))
        {
            Assert.False(SecretValueName().IsMatch(parameter), $"{name}: {parameter} looks like it carries a secret value.");
        }
    }

    [Theory]
    [MemberData(nameof(RepositoryDocuments.All), MemberType = typeof(RepositoryDocuments))]
    public void Every_parameter_is_constrained_and_strings_reach_scripts_as_environment_variables(string name)
    {
        foreach (var (parameter, spec) in Parameters(name))
        {
            var type = (string)spec!["type"]!;
            Assert.True(spec["allowedValues"] is not null || spec["allowedPattern"] is not null, $"{name}: {parameter} is unconstrained.");
            Assert.Null(spec["default"]);
            if (type == "String")
            {
                Assert.Equal("ENV_VAR", (string?)spec["interpolationType"]);
            }
            else
            {
                Assert.Equal("StringList", type);
            }
        }
    }

    [Theory]
    [MemberData(nameof(RepositoryDocuments.All), MemberType = typeof(RepositoryDocuments))]
    public void Allowed_patterns_take_a_real_value_but_nothing_that_could_leave_its_quotes(string name)
    {
        foreach (var (parameter, spec) in Parameters(name).Where(p => p.Value!["allowedPattern"] is not null))
        {
            var pattern = new Regex((string)spec!["allowedPattern"]!, RegexOptions.None, TimeSpan.FromSeconds(1));
            var example = Examples[parameter];
            Assert.Matches(pattern, example);
            foreach (var bad in Dangerous)
            {
                var middle = example.Length / 2;
                // "$" also matches before a final line break (.NET and Java alike): a value ending in one passes, but
                // stays inside its quotes or here-document, so only breaks elsewhere must be refused.
                var values = bad == "\n" ? new[] { bad + example, example[..middle] + bad + example[middle..] }
                    : new[] { bad, example + bad, bad + example, example[..middle] + bad + example[middle..] };
                foreach (var value in values)
                {
                    Assert.False(pattern.IsMatch(value), $"{name}: {parameter} admits {value}");
                }
            }
        }

        foreach (var (parameter, spec) in Parameters(name).Where(p => p.Value!["allowedValues"] is JsonArray))
        {
            Assert.All(spec!["allowedValues"]!.AsArray(), v => Assert.Matches(@"^[A-Za-z:]+$", (string)v!));
        }
    }

    [Theory]
    [MemberData(nameof(RepositoryDocuments.All), MemberType = typeof(RepositoryDocuments))]
    public void Scripts_use_parameters_only_as_quoted_data(string name)
    {
        var types = Parameters(name).ToDictionary(p => p.Key, p => (string)p.Value!["type"]!, StringComparer.Ordinal);
        foreach (var platform in new[] { "Linux", "Windows" })
        {
            var lines = RepositoryDocuments.Commands(name, platform);
            for (var i = 0; i < lines.Count; i++)
            {
                var references = Reference().Matches(lines[i]);
                if (references.Count == 0)
                {
                    continue;
                }

                var parameter = Assert.Single(references).Groups["name"].Value;
                Assert.True(IsQuotedUse(lines, i, parameter, types[parameter], platform),
                    $"{name} ({platform}): '{lines[i]}' uses {parameter} outside the forms Forge allows.");
            }
        }
    }

    /// <summary>
    /// Strings: the SSM_ environment variable, with the agent-version fallback assigning a single-quoted
    /// literal. Lists: alone on a line of a quoted here-document (bash) or single-quoted here-string (PowerShell).
    /// </summary>
    private static bool IsQuotedUse(List<string> lines, int index, string parameter, string type, string platform)
    {
        var line = lines[index];
        var placeholder = $"{{{{ {parameter} }}}}";
        if (type == "StringList")
        {
            var opener = index > 0 ? lines[index - 1] : "";
            return line == placeholder && (platform == "Linux"
                ? Regex.IsMatch(opener, @"<<'FORGE%[A-Z]+' \|\| true$") && lines[index + 1].StartsWith("FORGE%", StringComparison.Ordinal)
                : opener.EndsWith("@'", StringComparison.Ordinal) && lines[index + 1] == "'@");
        }

        return platform == "Linux"
            ? line == $"if [ -z \"${{SSM_{parameter}+x}}\" ]; then SSM_{parameter}='{placeholder}'; fi"
            : line.Contains($"= '{placeholder}' }}", StringComparison.Ordinal);
    }

    [Fact]
    public void ForgeDocuments_constants_name_exactly_each_documents_parameters()
    {
        var classes = typeof(ForgeDocuments).GetNestedTypes().Where(t => t.GetField("Name") is not null).ToList();
        Assert.Equal(RepositoryDocuments.Names, classes.Select(c => (string)c.GetField("Name")!.GetRawConstantValue()!).Order(StringComparer.Ordinal));
        foreach (var type in classes)
        {
            var name = (string)type.GetField("Name")!.GetRawConstantValue()!;
            var constants = type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.Name != "Name").Select(f => (string)f.GetRawConstantValue()!);
            Assert.Equal(Parameters(name).Select(p => p.Key).Order(StringComparer.Ordinal), constants.Order(StringComparer.Ordinal));
        }

        Assert.Equal(Parameters(ForgeDocuments.ApplySecurityProfile.Name).Select(p => p.Key), ForgeDocuments.ApplySecurityProfile.Parameters);
    }

    [Fact]
    public void The_README_table_lists_every_document_with_its_parameters()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryDocuments.Folder, "README.md"));
        foreach (var name in RepositoryDocuments.Names)
        {
            var row = readme.Split('\n').SingleOrDefault(l => l.StartsWith($"| `{name}`", StringComparison.Ordinal));
            Assert.NotNull(row);
            Assert.All(Parameters(name), p => Assert.Contains($"`{p.Key}`", row, StringComparison.Ordinal));
        }
    }

    private static List<KeyValuePair<string, JsonNode?>> Parameters(string name) =>
        [.. RepositoryDocuments.Json(name)["parameters"]?.AsObject() ?? []];

    [GeneratedRegex(@"(?i)(password|passwd|pwd|token|apikey|api_key|privatekey|secret(?!Arn$|References$))")]
    private static partial Regex SecretValueName();

    [GeneratedRegex(@"\{\{ (?<name>\w+) \}\}")]
    private static partial Regex Reference();
}
