using System.Text.Json;
using Forge.Api.Secrets;
using Forge.Aws.Ssm;
using Inject = Forge.Aws.Ssm.ForgeDocuments.InjectEnvironment;

namespace Forge.Api.Tests.Secrets;

/// <summary>The one name rule Forge and Forge-InjectEnvironment share, and the planner leaving out what it refuses.</summary>
public sealed class EnvironmentVariableNameTests
{
    public static TheoryData<string, bool, string> Names => new()
    {
        // name, allowed, a word the reason must contain ("" when allowed)
        { "ALICE_TOKEN", true, "" },
        { "_PRIVATE", true, "" },
        { "A", true, "" },
        { "X" + new string('9', 127), true, "" },
        { "X" + new string('9', 128), false, "128 characters" },
        { "alice_token", false, "upper-case" },
        { "Alice", false, "upper-case" },
        { "1TOKEN", false, "digit" },
        { "MY-TOKEN", false, "upper-case" },
        { "", false, "upper-case" },
        { "TOKEN\n", false, "upper-case" },
        { "TOKEN=x", false, "upper-case" },
        { "PATH", false, "PATH" },
        { "BASH_ENV", false, "BASH_ENV" },
        { "ENV", false, "ENV" },
        { "PROMPT_COMMAND", false, "PROMPT_COMMAND" },
        { "NODE_OPTIONS", false, "NODE_OPTIONS" },
        { "JAVA_TOOL_OPTIONS", false, "JAVA_TOOL_OPTIONS" },
        { "_JAVA_OPTIONS", false, "_JAVA_OPTIONS" },
        { "IFS", false, "IFS" },
        { "HOME", false, "HOME" },
        { "PSMODULEPATH", false, "PSMODULEPATH" },
        { "COMSPEC", false, "COMSPEC" },
        { "LD_PRELOAD", false, "LD_" },
        { "LD_LIBRARY_PATH", false, "LD_" },
        { "DYLD_INSERT_LIBRARIES", false, "DYLD_" },
        { "PYTHONSTARTUP", false, "PYTHON" },
        { "PYTHONPATH", false, "PYTHON" },
        { "BASH_FUNC_ls%%", false, "upper-case" },
        { "BASH_FUNC_LS", false, "BASH_FUNC_" },
        { "PATHS", true, "" },
        { "MY_PATH", true, "" },
        { "ENVIRONMENT", true, "" },
        { "OLD_PYTHON", true, "" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void The_rule_allows_posix_upper_case_names_and_refuses_those_that_change_how_programs_run(string name, bool allowed, string because)
    {
        Assert.Equal(allowed, EnvironmentVariableName.IsAllowed(name, out var reason));
        Assert.Equal(allowed, reason.Length == 0);
        Assert.Contains(because, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pattern_is_the_name_part_of_the_documents_allowed_pattern()
    {
        using var document = JsonDocument.Parse(ForgeDocuments.Get(Inject.Name).Content);
        var allowed = document.RootElement.GetProperty("parameters").GetProperty(Inject.SecretReferences).GetProperty("allowedPattern").GetString()!;

        Assert.StartsWith("^", allowed, StringComparison.Ordinal);
        Assert.Equal(EnvironmentVariableName.Pattern, allowed[1..allowed.IndexOf('=', StringComparison.Ordinal)]);
    }

    [Fact]
    public void The_planner_leaves_out_and_reports_the_owners_refused_names_only_and_keeps_the_rest_of_their_scope()
    {
        var alice = new SecretOwner("alice", ["payments"], []);
        static DiscoveredSecret Secret(string name, string scope, string env) =>
            new($"arn:aws:secretsmanager:us-east-1:000000000000:secret:{name}-AbCdEf", name, scope, env, "v1");

        var plan = SecretScopePlanner.Plan(alice,
        [
            Secret("good", "team:payments", "PAYMENTS_KEY"),
            Secret("path", "team:payments", "PATH"),
            Secret("lower", "user:alice", "alice_token"),
            Secret("preload", "team:infra", "LD_PRELOAD"),
        ]);

        Assert.Equal(["PAYMENTS_KEY"], plan.Secrets.Select(s => s.EnvironmentName));
        Assert.Equal([("PATH", "path"), ("alice_token", "lower")], plan.Refused.Select(r => (r.Secret.EnvironmentName, r.Secret.Name)));
        Assert.All(plan.Refused, r => Assert.NotEmpty(r.Reason));
        Assert.Equal(SecretScopePlanner.Plan(alice, [Secret("good", "team:payments", "PAYMENTS_KEY")]).Fingerprint, plan.Fingerprint);
    }
}
