extern alias localcloud;
using System.Text.Json;
using Forge.Api.Pools;
using Forge.Api.Tests.Support;
using Forge.Aws;
using Forge.Aws.DirectoryServiceData;
using Forge.Aws.SecretsManager;
using localcloud::Forge.LocalCloud.DirectoryServiceData;
using localcloud::Forge.LocalCloud.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.Api.Tests.Pools;

/// <summary>
/// A pool identity's life against the local cloud's directory and Secrets Manager, through Forge's clients on the wire:
/// created disabled, bound to a developer (names, the allowed groups only, a fresh password in a secret tagged for
/// them), rebound, retired with its secret; every step repeatable. The database plays no part, so one provider runs it.
/// </summary>
public sealed class PoolIdentityDirectoryTests : ForgeTestBase
{
    private const string Region = "us-east-1";
    private static readonly string DirectoryId = SeedInventory.For(Region).DirectoryId;

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task A_bound_identity_takes_the_owners_allowed_groups_and_a_fresh_password_kept_for_the_owner_alone()
    {
        var (identities, data, secrets) = Start();
        DeveloperInDirectory("ada", "Forge Developers", "Forge Admins");
        var identity = new PoolIdentity(Region, DirectoryId, identities.NewUserName());
        Assert.Matches("^fp-[a-z2-7]{12}$", identity.UserName);

        await identities.CreateAsync(identity, default);
        Assert.False((await Describe(data, identity)).Enabled);
        await identities.CreateAsync(identity, default); // a retry of the creation

        var arn = await identities.BindToOwnerAsync(identity, new IdentityOwner("ada", "ada", "Ada", "Lovelace", "ada@example.com"), default);

        var bound = await Describe(data, identity);
        Assert.Equal((true, "Ada", "Lovelace", "ada@example.com"), (bound.Enabled, bound.GivenName, bound.Surname, bound.EmailAddress));
        Assert.Equal($"{PoolIdentityDirectory.Marker} of ada", bound.OtherAttributes!["description"].S);
        // Forge Admins is the developer's, but not on the allow-list: never mirrored.
        Assert.Equal(["Forge Developers"], await Groups(data, identity));

        var credential = await identities.RevealAsync(identity, default);
        Assert.Equal(identity.UserName, credential!.UserName);
        Assert.Equal(24, credential.Password.Length);
        Assert.DoesNotContain(credential.Password, credential.ToString(), StringComparison.Ordinal);
        var tags = (await secrets.DescribeSecretAsync(new DescribeSecretRequest { SecretId = arn }, Region)).Tags!;
        Assert.Contains(tags, t => t is { Key: "forge:owner", Value: "ada" });
        Assert.Contains(tags, t => t is { Key: "forge:kind", Value: "pool-credential" });
    }

    [Fact]
    public async Task Rebinding_replaces_the_groups_and_the_password_and_retiring_leaves_nothing_behind_twice_over()
    {
        var (identities, data, secrets) = Start();
        DeveloperInDirectory("ada", "Forge Developers");
        DeveloperInDirectory("lin", "Forge Team Leads");
        var identity = new PoolIdentity(Region, DirectoryId, identities.NewUserName());
        await identities.CreateAsync(identity, default);
        await identities.BindToOwnerAsync(identity, new IdentityOwner("ada", "ada"), default);
        var first = await identities.RevealAsync(identity, default);

        var arn = await identities.BindToOwnerAsync(identity, new IdentityOwner("lin", "lin"), default);

        Assert.Equal(["Forge Team Leads"], await Groups(data, identity));
        Assert.NotEqual(first!.Password, (await identities.RevealAsync(identity, default))!.Password);
        Assert.Contains((await secrets.DescribeSecretAsync(new DescribeSecretRequest { SecretId = arn }, Region)).Tags!, t => t is { Key: "forge:owner", Value: "lin" });

        await identities.RetireAsync(identity, default);
        await identities.RetireAsync(identity, default);

        var gone = await Assert.ThrowsAsync<AwsServiceException>(() => Describe(data, identity));
        Assert.Equal(DirectoryServiceDataErrorCodes.ResourceNotFoundException, gone.ErrorCode);
        Assert.Null(await identities.RevealAsync(identity, default));
        var secretGone = await Assert.ThrowsAsync<AwsServiceException>(() => secrets.DescribeSecretAsync(new DescribeSecretRequest { SecretId = arn }, Region));
        Assert.Equal("ResourceNotFoundException", secretGone.ErrorCode);
    }

    [Fact]
    public async Task A_directory_user_that_is_not_a_pool_identity_is_never_taken_over()
    {
        var (identities, _, _) = Start();
        DeveloperInDirectory("fp-notours00000");

        var refused = await Assert.ThrowsAsync<AwsServiceException>(() =>
            identities.CreateAsync(new PoolIdentity(Region, DirectoryId, "fp-notours00000"), default));

        Assert.Equal(DirectoryServiceDataErrorCodes.ConflictException, refused.ErrorCode);
    }

    [Fact]
    public void Passwords_meet_the_domain_policy_and_differ()
    {
        var passwords = Enumerable.Range(0, 200).Select(_ => PoolIdentityDirectory.NewPassword()).ToList();

        Assert.Equal(200, passwords.Distinct(StringComparer.Ordinal).Count());
        Assert.All(passwords, p =>
        {
            Assert.Equal(24, p.Length);
            Assert.True(p.Any(char.IsUpper) && p.Any(char.IsLower) && p.Any(char.IsDigit) && p.Any(c => !char.IsLetterOrDigit(c)), p.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
    }

    private (PoolIdentityDirectory Identities, DirectoryServiceDataClient Data, SecretsManagerClient Secrets) Start()
    {
        var app = StartForge();
        return (app.Services.GetRequiredService<PoolIdentityDirectory>(), app.Services.GetRequiredService<DirectoryServiceDataClient>(),
            app.Services.GetRequiredService<SecretsManagerClient>());
    }

    private void DeveloperInDirectory(string name, params string[] groups) => DirectoryUsers.AddDeveloper(LocalCloud.Services, Region, name, groups);

    private static Task<DescribeUserResult> Describe(DirectoryServiceDataClient data, PoolIdentity identity) =>
        data.DescribeUserAsync(DirectoryId, new DescribeUserRequest { SAMAccountName = identity.UserName, OtherAttributes = ["description"] }, Region);

    private static Task<List<string>> Groups(DirectoryServiceDataClient data, PoolIdentity identity) =>
        DirectoryUsers.GroupsAsync(data, DirectoryId, Region, identity.UserName);
}
