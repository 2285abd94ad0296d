using System.Net;
using System.Text.RegularExpressions;
using Forge.Aws.SecretsManager;

namespace Forge.Aws.Tests.SecretsManager;

public sealed class SecretsManagerClientTests
{
    private const string Uuid = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

    [Fact]
    public async Task Writes_without_a_token_get_a_uuid_and_the_stages_move()
    {
        await using var world = await LocalCloudClients.StartAsync();
        var created = await world.Secrets.CreateSecretAsync(new CreateSecretRequest
        {
            Name = "forge/alice/token",
            SecretString = "first-value",
            Tags = [new Tag { Key = "owner", Value = "alice" }],
        });
        var put = await world.Secrets.PutSecretValueAsync(new PutSecretValueRequest { SecretId = created.ARN!, SecretString = "second-value" });

        Assert.Matches(Uuid, created.VersionId!);
        Assert.Matches(Uuid, put.VersionId!);
        Assert.Equal([SecretVersionStages.Current], put.VersionStages);
        var value = await world.Secrets.GetSecretValueAsync(new GetSecretValueRequest { SecretId = "forge/alice/token" });
        Assert.Equal(("second-value", put.VersionId), (value.SecretString, value.VersionId));
        var described = await world.Secrets.DescribeSecretAsync(new DescribeSecretRequest { SecretId = created.ARN! });
        Assert.Equal([SecretVersionStages.Previous], described.VersionIdsToStages![created.VersionId!]);
        Assert.Equal(world.Clock.GetUtcNow(), value.CreatedDate!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(world.Clock.GetUtcNow().UtcDateTime.Date, described.LastAccessedDate!.Value.UtcDateTime);
    }

    [Fact]
    public async Task A_caller_token_becomes_the_version_and_binary_values_round_trip()
    {
        await using var world = await LocalCloudClients.StartAsync();
        var token = Guid.NewGuid().ToString();
        await world.Secrets.CreateSecretAsync(new CreateSecretRequest { Name = "bin", SecretBinary = [1, 2, 3, 255], ClientRequestToken = token });

        var value = await world.Secrets.GetSecretValueAsync(new GetSecretValueRequest { SecretId = "bin", VersionId = token });

        Assert.Equal(new byte[] { 1, 2, 3, 255 }, value.SecretBinary);
        Assert.Null(value.SecretString);
    }

    [Fact]
    public async Task Tag_rotate_list_and_batch_read_through_the_client()
    {
        await using var world = await LocalCloudClients.StartAsync();
        foreach (var name in new[] { "forge/a", "forge/b", "forge/c" })
        {
            await world.Secrets.CreateSecretAsync(new CreateSecretRequest { Name = name, SecretString = """{"username":"u","password":"p-123456789012345"}""" });
        }

        await world.Secrets.TagResourceAsync(new TagResourceRequest { SecretId = "forge/b", Tags = [new Tag { Key = "rotate", Value = "yes" }] });
        var rotated = await world.Secrets.RotateSecretAsync(new RotateSecretRequest
        {
            SecretId = "forge/b",
            RotationRules = new RotationRulesType { AutomaticallyAfterDays = 7 },
        });
        world.Clock.Advance(TimeSpan.FromSeconds(3));

        var all = new List<SecretListEntry>();
        await foreach (var entry in world.Secrets.ListAllSecretsAsync(new ListSecretsRequest { MaxResults = 1, SortBy = SortByType.Name }))
        {
            all.Add(entry);
        }

        Assert.Matches(Uuid, rotated.VersionId!);
        Assert.Equal(["forge/a", "forge/b", "forge/c"], all.Select(e => e.Name));
        var b = all[1];
        Assert.Equal((true, 7L), (b.RotationEnabled, b.RotationRules!.AutomaticallyAfterDays));
        Assert.Equal([SecretVersionStages.Current], b.SecretVersionsToStages![rotated.VersionId!]);
        var tagged = await world.Secrets.ListSecretsAsync(new ListSecretsRequest
        {
            Filters = [new Filter { Key = FilterNameStringType.TagKey, Values = ["!rotate"] }],
        });
        Assert.Equal(["forge/a", "forge/c"], tagged.SecretList!.Select(e => e.Name));

        var batch = await world.Secrets.BatchGetSecretValueAsync(new BatchGetSecretValueRequest { SecretIdList = ["forge/b", "forge/zzz"] });
        Assert.Equal(rotated.VersionId, Assert.Single(batch.SecretValues!).VersionId);
        Assert.Equal(("forge/zzz", "ResourceNotFoundException"), (Assert.Single(batch.Errors!).SecretId, batch.Errors![0].ErrorCode));
    }

    [Fact]
    public async Task Errors_become_AwsServiceException_without_the_secret_value()
    {
        await using var world = await LocalCloudClients.StartAsync();
        await world.Secrets.CreateSecretAsync(new CreateSecretRequest { Name = "s", SecretString = "v" });
        var token = Guid.NewGuid().ToString();
        await world.Secrets.PutSecretValueAsync(new PutSecretValueRequest { SecretId = "s", SecretString = "a-value", ClientRequestToken = token });

        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => world.Secrets.GetSecretValueAsync(new GetSecretValueRequest { SecretId = "nope" }));
        var conflict = await Assert.ThrowsAsync<AwsServiceException>(() => world.Secrets.PutSecretValueAsync(
            new PutSecretValueRequest { SecretId = "s", SecretString = "very-secret-other-value", ClientRequestToken = token }));

        Assert.Equal(("ResourceNotFoundException", HttpStatusCode.BadRequest, false), (missing.ErrorCode, missing.StatusCode, missing.IsTransient));
        Assert.NotNull(missing.RequestId);
        Assert.Equal("ResourceExistsException", conflict.ErrorCode);
        Assert.DoesNotContain("very-secret-other-value", conflict.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Shapes_that_hold_values_print_redacted()
    {
        object[] shapes =
        [
            new GetSecretValueResponse { ARN = "arn", SecretString = "hunter2" },
            new SecretValueEntry { ARN = "arn", SecretString = "hunter2" },
            new CreateSecretRequest { Name = "n", SecretString = "hunter2" },
            new PutSecretValueRequest { SecretId = "n", SecretString = "hunter2", RotationToken = "hunter2-token-hunter2-token-hunter2-token" },
            new BatchGetSecretValueResponse { SecretValues = [new SecretValueEntry { SecretString = "hunter2" }] },
        ];

        Assert.All(shapes, shape =>
        {
            Assert.DoesNotContain("hunter2", shape.ToString(), StringComparison.Ordinal);
            Assert.Matches(new Regex("\\*\\*\\*|SecretValues = 1"), shape.ToString()!);
        });
    }
}
