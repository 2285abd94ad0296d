using System.Security.Cryptography;
using System.Text.Json;
using Forge.Aws;
using Forge.Aws.DirectoryService;
using Forge.Aws.DirectoryServiceData;
using Forge.Aws.SecretsManager;
using Microsoft.Extensions.Options;

namespace Forge.Api.Pools;

/// <summary>A directory user Forge manages for one warm-pool workstation.</summary>
public sealed record PoolIdentity(string Region, string DirectoryId, string UserName);

/// <summary>The developer a pool identity is bound to: their Forge id, their own directory user, and how they are named.</summary>
public sealed record IdentityOwner(string UserId, string DirectoryUser, string? GivenName = null, string? Surname = null, string? EmailAddress = null);

/// <summary>What the owner alone may reveal to sign in. Never printed: <see cref="ToString"/> leaves the password out.</summary>
public sealed record PoolCredential(string UserName, string Password)
{
    public override string ToString() => $"PoolCredential {{ UserName = {UserName}, Password = (redacted) }}";
}

/// <summary>
/// Creates, binds and retires pool identities through Directory Service Data, ResetUserPassword and Secrets Manager.
/// Every step is safe to repeat after a crash: creation carries a client token and accepts the user it made before,
/// binding converges (attributes replaced, groups added and removed to match, a fresh password stored), retiring
/// treats what is already gone as done. The password exists only in the request that sets it and in the owner's
/// credential secret; it is never logged, stored in a row or passed as a command parameter.
/// </summary>
public sealed class PoolIdentityDirectory(
    DirectoryServiceDataClient data, DirectoryServiceClient directory, SecretsManagerClient secrets, IOptions<PoolIdentityOptions> options)
{
    /// <summary>The description every pool identity carries: how Forge recognises its own users in the directory.</summary>
    public const string Marker = "Forge pool identity";

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>A new identity name: the prefix and 12 random characters from a 32-letter alphabet (60 bits).</summary>
    public string NewUserName() => options.Value.NamePrefix + RandomNumberGenerator.GetString(Alphabet, 12);

    /// <summary>Creates the directory user, disabled until it is bound (it has no password before).</summary>
    public async Task CreateAsync(PoolIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var description = new Dictionary<string, AttributeValue> { ["description"] = AttributeValue.Of(Marker) };
        try
        {
            await data.CreateUserAsync(identity.DirectoryId, new CreateUserRequest
            {
                SAMAccountName = identity.UserName,
                ClientToken = "forge-create-" + identity.UserName,
                OtherAttributes = description,
            }, identity.Region, cancellationToken);
        }
        catch (AwsServiceException e) when (e.ErrorCode == DirectoryServiceDataErrorCodes.ConflictException)
        {
            // A retry after the client token expired: the user is ours if it carries our marker; anyone else's is never taken over.
            var existing = await data.DescribeUserAsync(identity.DirectoryId,
                new DescribeUserRequest { SAMAccountName = identity.UserName, OtherAttributes = ["description"] }, identity.Region, cancellationToken);
            if (existing.OtherAttributes?.GetValueOrDefault("description")?.S?.StartsWith(Marker, StringComparison.Ordinal) != true)
            {
                throw;
            }
        }
    }

    /// <summary>
    /// Binds <paramref name="identity"/> to <paramref name="owner"/>: their names, e-mail and a description naming them,
    /// their directory groups that are on the allow-list (and no others of the list), a fresh password that enables the
    /// user, kept in the owner's credential secret. Returns the secret's ARN.
    /// </summary>
    public async Task<string> BindToOwnerAsync(PoolIdentity identity, IdentityOwner owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(owner);
        await data.UpdateUserAsync(identity.DirectoryId, new UpdateUserRequest
        {
            SAMAccountName = identity.UserName,
            GivenName = owner.GivenName,
            Surname = owner.Surname,
            EmailAddress = owner.EmailAddress,
            OtherAttributes = new Dictionary<string, AttributeValue> { ["description"] = AttributeValue.Of($"{Marker} of {owner.UserId}") },
            UpdateType = "REPLACE",
        }, identity.Region, cancellationToken);
        await MirrorGroupsAsync(identity, owner, cancellationToken);

        var password = NewPassword();
        await directory.ResetUserPasswordAsync(new ResetUserPasswordRequest
        {
            DirectoryId = identity.DirectoryId,
            UserName = identity.UserName,
            NewPassword = password,
        }, identity.Region, cancellationToken);
        return await StoreCredentialAsync(identity, owner, new PoolCredential(identity.UserName, password), cancellationToken);
    }

    /// <summary>The credential of <paramref name="identity"/>, read from its secret; null when it has none (not bound, or retired).</summary>
    public async Task<PoolCredential?> RevealAsync(PoolIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        try
        {
            var value = await secrets.GetSecretValueAsync(new GetSecretValueRequest { SecretId = SecretName(identity) }, identity.Region, cancellationToken);
            return value.SecretString is { } json ? JsonSerializer.Deserialize<PoolCredential>(json, Json) : null;
        }
        catch (AwsServiceException e) when (e.ErrorCode is "ResourceNotFoundException" or "InvalidRequestException")
        {
            return null;
        }
    }

    /// <summary>Disables and deletes the directory user and deletes its credential secret at once; what is already gone is done.</summary>
    public async Task RetireAsync(PoolIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        // Disabled first: should the delete fail, nobody signs in as a retired identity meanwhile.
        await IgnoringNotFoundAsync(() => data.DisableUserAsync(identity.DirectoryId, new UserReference { SAMAccountName = identity.UserName }, identity.Region, cancellationToken));
        await IgnoringNotFoundAsync(() => data.DeleteUserAsync(identity.DirectoryId, new UserReference { SAMAccountName = identity.UserName }, identity.Region, cancellationToken));
        await IgnoringNotFoundAsync(() => secrets.DeleteSecretAsync(
            new DeleteSecretRequest { SecretId = SecretName(identity), ForceDeleteWithoutRecovery = true }, identity.Region, cancellationToken));
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string SecretName(PoolIdentity identity) => options.Value.CredentialSecretPrefix + identity.UserName;

    private async Task MirrorGroupsAsync(PoolIdentity identity, IdentityOwner owner, CancellationToken cancellationToken)
    {
        var allowed = new HashSet<string>(options.Value.MirroredGroups, StringComparer.OrdinalIgnoreCase);
        var wanted = (await OwnerGroupsAsync(identity with { UserName = owner.DirectoryUser }, cancellationToken)).Where(allowed.Contains)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var held = (await GroupsAsync(identity, cancellationToken)).Where(allowed.Contains).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var group in wanted.Except(held, StringComparer.OrdinalIgnoreCase))
        {
            await IgnoringAsync(DirectoryServiceDataErrorCodes.ConflictException, () => data.AddGroupMemberAsync(identity.DirectoryId,
                new GroupMembership { GroupName = group, MemberName = identity.UserName }, identity.Region, cancellationToken));
        }

        foreach (var group in held.Except(wanted, StringComparer.OrdinalIgnoreCase))
        {
            await IgnoringNotFoundAsync(() => data.RemoveGroupMemberAsync(identity.DirectoryId,
                new GroupMembership { GroupName = group, MemberName = identity.UserName }, identity.Region, cancellationToken));
        }
    }

    /// <summary>The developer's own groups; a developer with no user in this region's directory has none to mirror.</summary>
    private async Task<List<string>> OwnerGroupsAsync(PoolIdentity owner, CancellationToken cancellationToken)
    {
        try
        {
            return await GroupsAsync(owner, cancellationToken);
        }
        catch (AwsServiceException e) when (e.ErrorCode == DirectoryServiceDataErrorCodes.ResourceNotFoundException)
        {
            return [];
        }
    }

    private async Task<List<string>> GroupsAsync(PoolIdentity member, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var group in data.EnumerateGroupsForMemberAsync(member.DirectoryId, member.UserName, member.Region, cancellationToken))
        {
            names.Add(group.SAMAccountName!);
        }

        return names;
    }

    private async Task<string> StoreCredentialAsync(PoolIdentity identity, IdentityOwner owner, PoolCredential credential, CancellationToken cancellationToken)
    {
        var value = JsonSerializer.Serialize(credential, Json);
        try
        {
            var created = await secrets.CreateSecretAsync(new CreateSecretRequest
            {
                Name = SecretName(identity),
                Description = $"Sign-in of the Forge workstation bound to {owner.UserId}",
                SecretString = value,
                Tags = [new Tag { Key = "forge:owner", Value = owner.UserId }, new Tag { Key = "forge:kind", Value = "pool-credential" }],
            }, identity.Region, cancellationToken);
            return created.ARN!;
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceExistsException")
        {
            // Bound before (a retry, or a rebind): a new version becomes current, tagged for the new owner.
            var put = await secrets.PutSecretValueAsync(new PutSecretValueRequest { SecretId = SecretName(identity), SecretString = value },
                identity.Region, cancellationToken);
            await secrets.TagResourceAsync(new TagResourceRequest { SecretId = put.ARN!, Tags = [new Tag { Key = "forge:owner", Value = owner.UserId }] },
                identity.Region, cancellationToken);
            return put.ARN!;
        }
    }

    /// <summary>
    /// 24 characters from all four classes the default domain policy counts (so always three of them), none of them
    /// able to spell the account name's prefix: letters and digits are mixed with symbols at random positions.
    /// </summary>
    internal static string NewPassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789", symbols = "!#%+-.:=?@^_~";
        var chars = new List<char>
        {
            upper[RandomNumberGenerator.GetInt32(upper.Length)], lower[RandomNumberGenerator.GetInt32(lower.Length)],
            digits[RandomNumberGenerator.GetInt32(digits.Length)], symbols[RandomNumberGenerator.GetInt32(symbols.Length)],
        };
        var all = upper + lower + digits + symbols;
        while (chars.Count < 24)
        {
            chars.Add(all[RandomNumberGenerator.GetInt32(all.Length)]);
        }

        var shuffled = chars.ToArray();
        RandomNumberGenerator.Shuffle(shuffled.AsSpan());
        return new string(shuffled);
    }

    private static Task IgnoringNotFoundAsync(Func<Task> call) => IgnoringAsync("ResourceNotFoundException", call);

    private static async Task IgnoringAsync(string code, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (AwsServiceException e) when (e.ErrorCode == code)
        {
            // Already the way this call would leave it.
        }
    }
}
