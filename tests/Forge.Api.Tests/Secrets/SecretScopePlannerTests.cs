using Forge.Api.Secrets;

namespace Forge.Api.Tests.Secrets;

public sealed class SecretScopePlannerTests
{
    private static readonly SecretOwner Alice = new("alice", ["payments"], ["developer"]);

    private static DiscoveredSecret Secret(string name, string scope, string env, string version = "v1") =>
        new($"arn:aws:secretsmanager:us-east-1:000000000000:secret:{name}-AbCdEf", name, scope, env, version);

    public static TheoryData<string, string, int?> Scopes => new()
    {
        { "user:alice", "mine", 0 },
        { "team:payments", "my team's", 1 },
        { "role:developer", "my role's", 2 },
        { "user:bob", "another user's", null },
        { "team:infra", "another team's", null },
        { "role:admin", "a role I lack", null },
        { "alice", "no kind", null },
        { ":alice", "empty kind", null },
        { "group:payments", "unknown kind", null },
        { "user:Alice", "case differs", null },
    };

    [Theory]
    [MemberData(nameof(Scopes))]
    public void Ranks_a_scope_against_the_owner(string scope, string because, int? rank)
    {
        Assert.False(string.IsNullOrEmpty(because));
        Assert.Equal(rank, SecretScopePlanner.Rank(Alice, scope));
    }

    public static TheoryData<string[], string> Clashes => new()
    {
        // scopes competing for one variable name -> the scope that wins
        { ["team:payments", "user:alice"], "user:alice" },
        { ["role:developer", "team:payments"], "team:payments" },
        { ["role:developer", "user:alice", "team:payments"], "user:alice" },
        { ["team:infra", "role:developer"], "role:developer" },
    };

    [Theory]
    [MemberData(nameof(Clashes))]
    public void On_a_name_clash_user_beats_team_beats_role(string[] scopes, string winner)
    {
        var secrets = scopes.Select((s, i) => Secret($"s{i}", s, "TOKEN")).ToList();

        var plan = SecretScopePlanner.Plan(Alice, secrets);

        var chosen = Assert.Single(plan.Secrets);
        Assert.Equal(winner, chosen.Scope);
        Assert.Equal($"TOKEN={chosen.Arn}", Assert.Single(plan.References));
        Assert.Equal(secrets.Count(s => SecretScopePlanner.Rank(Alice, s.Scope) is not null) - 1, plan.Shadowed.Count);
    }

    [Fact]
    public void Alice_receives_her_own_and_her_teams_secrets_but_not_another_teams()
    {
        var plan = SecretScopePlanner.Plan(Alice,
        [
            Secret("alice-token", "user:alice", "ALICE_TOKEN"),
            Secret("payments-key", "team:payments", "PAYMENTS_KEY"),
            Secret("infra-key", "team:infra", "INFRA_KEY"),
            Secret("bad-name", "user:alice", "1NOT-A-NAME"),
        ]);

        Assert.Equal(["ALICE_TOKEN", "PAYMENTS_KEY"], plan.Secrets.Select(s => s.EnvironmentName));
    }

    [Fact]
    public void The_fingerprint_changes_with_a_new_current_version_and_only_then()
    {
        var before = SecretScopePlanner.Plan(Alice, [Secret("a", "user:alice", "A"), Secret("b", "team:payments", "B")]);
        var same = SecretScopePlanner.Plan(Alice, [Secret("b", "team:payments", "B"), Secret("a", "user:alice", "A")]);
        var rotated = SecretScopePlanner.Plan(Alice, [Secret("a", "user:alice", "A", "v2"), Secret("b", "team:payments", "B")]);
        var unrelated = SecretScopePlanner.Plan(Alice, [Secret("a", "user:alice", "A"), Secret("b", "team:payments", "B"), Secret("c", "team:infra", "C", "v9")]);

        Assert.Equal(before.Fingerprint, same.Fingerprint);
        Assert.Equal(before.Fingerprint, unrelated.Fingerprint);
        Assert.NotEqual(before.Fingerprint, rotated.Fingerprint);
    }

    [Theory]
    [InlineData("00:02:00", "00:02:00", true)]
    [InlineData("00:03:00", "00:01:59", true)]
    [InlineData("00:03:00", "00:02:00", false)]
    [InlineData("00:05:00", "00:00:10", false)]
    public void Options_keep_poll_interval_plus_command_time_under_five_minutes(string poll, string command, bool valid)
    {
        var result = new SecretOptionsValidator().Validate(null,
            new SecretOptions { PollInterval = TimeSpan.Parse(poll, System.Globalization.CultureInfo.InvariantCulture),
                CommandTimeout = TimeSpan.Parse(command, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(valid, result.Succeeded);
    }
}
