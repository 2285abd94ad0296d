using System.Net;
using Forge.Aws.DirectoryService;
using Forge.Aws.DirectoryServiceData;
using Forge.Aws.Tests.Conformance;
using Forge.LocalCloud.Hosting;
using Forge.LocalCloud.DirectoryServiceData;

namespace Forge.Aws.Tests.DirectoryServiceData;

/// <summary>
/// Forge's Directory Service Data client (restJson1) and ResetUserPassword against the local cloud, every request
/// judged by the official models (routes, query-string members, body members): the life of a pool identity.
/// </summary>
public sealed class DirectoryServiceDataClientTests : LocalCloudTestHost
{
    private static readonly string DirectoryId = SeedInventory.For("us-east-1").DirectoryId;
    private DirectoryServiceDataClient _data = null!;
    private DirectoryServiceClient _ds = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _data = new DirectoryServiceDataClient(Aws);
        _ds = new DirectoryServiceClient(Aws);
    }

    protected override void ConfigureAws(AwsOptions options) => options.DefaultRegion = "us-east-1";

    [Fact]
    public async Task A_pool_identity_is_created_disabled_bound_enabled_by_its_password_then_disabled_and_deleted()
    {
        var created = await _data.CreateUserAsync(DirectoryId, new CreateUserRequest { SAMAccountName = "forge-p-0001", ClientToken = "create-1" });
        Assert.Equal(("forge-p-0001", DirectoryId), (created.SAMAccountName, created.DirectoryId));
        Assert.StartsWith("S-1-5-21-", created.SID, StringComparison.Ordinal);
        Assert.False((await Describe("forge-p-0001")).Enabled);

        await _data.UpdateUserAsync(DirectoryId, new UpdateUserRequest
        {
            SAMAccountName = "forge-p-0001",
            GivenName = "Ada",
            Surname = "Lovelace",
            EmailAddress = "ada@example.com",
            OtherAttributes = new Dictionary<string, AttributeValue> { ["description"] = AttributeValue.Of("Forge workstation of ada") },
            UpdateType = "REPLACE",
        });
        await _data.AddGroupMemberAsync(DirectoryId, new GroupMembership { GroupName = "Forge Developers", MemberName = "forge-p-0001" });
        await _ds.ResetUserPasswordAsync(new ResetUserPasswordRequest { DirectoryId = DirectoryId, UserName = "forge-p-0001", NewPassword = "Tr0ub4dor&3-horse" });

        var bound = await _data.DescribeUserAsync(DirectoryId, new DescribeUserRequest { SAMAccountName = "forge-p-0001", OtherAttributes = ["description"] });
        Assert.Equal((true, "Ada", "Lovelace", "ada@example.com"), (bound.Enabled, bound.GivenName, bound.Surname, bound.EmailAddress));
        Assert.Equal("Forge workstation of ada", bound.OtherAttributes!["description"].S);
        Assert.Equal("forge-p-0001@CORP.FORGE.INTERNAL", bound.UserPrincipalName);
        Assert.Equal(["Forge Developers"], await Groups("forge-p-0001"));

        await _data.DisableUserAsync(DirectoryId, new UserReference { SAMAccountName = "forge-p-0001" });
        Assert.False((await Describe("forge-p-0001")).Enabled);
        await _data.DeleteUserAsync(DirectoryId, new UserReference { SAMAccountName = "forge-p-0001" });
        var gone = await Assert.ThrowsAsync<AwsServiceException>(() => Describe("forge-p-0001"));
        Assert.Equal((DirectoryServiceDataErrorCodes.ResourceNotFoundException, HttpStatusCode.NotFound), (gone.ErrorCode, gone.StatusCode));
        Assert.Contains("forge-p-0001", gone.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_token_replays_its_first_answer_and_refuses_other_input_within_8_hours()
    {
        var first = await _data.CreateUserAsync(DirectoryId, new CreateUserRequest { SAMAccountName = "forge-p-0002", ClientToken = "t-2" });
        var again = await _data.CreateUserAsync(DirectoryId, new CreateUserRequest { SAMAccountName = "forge-p-0002", ClientToken = "t-2" });
        Assert.Equal(first.SID, again.SID);

        var other = await Assert.ThrowsAsync<AwsServiceException>(() =>
            _data.CreateUserAsync(DirectoryId, new CreateUserRequest { SAMAccountName = "forge-p-0003", ClientToken = "t-2" }));
        Assert.Equal((DirectoryServiceDataErrorCodes.ConflictException, HttpStatusCode.Conflict), (other.ErrorCode, other.StatusCode));

        // Without a token, or 8 hours later, a second create of the same name is the conflict it is.
        var duplicate = await Assert.ThrowsAsync<AwsServiceException>(() =>
            _data.CreateUserAsync(DirectoryId, new CreateUserRequest { SAMAccountName = "forge-p-0002" }));
        Assert.Equal(DirectoryServiceDataErrorCodes.ConflictException, duplicate.ErrorCode);
        Time.Advance(TimeSpan.FromHours(8));
        var expired = await Assert.ThrowsAsync<AwsServiceException>(() =>
            _data.CreateUserAsync(DirectoryId, new CreateUserRequest { SAMAccountName = "forge-p-0002", ClientToken = "t-2" }));
        Assert.Equal(DirectoryServiceDataErrorCodes.ConflictException, expired.ErrorCode);
    }

    [Fact]
    public async Task Memberships_are_listed_page_by_page_and_refuse_duplicates_and_strangers()
    {
        await _data.CreateUserAsync(DirectoryId, new CreateUserRequest { SAMAccountName = "forge-p-0004" });
        foreach (var group in LocalDirectory.SeededGroups)
        {
            await _data.AddGroupMemberAsync(DirectoryId, new GroupMembership { GroupName = group, MemberName = "forge-p-0004" });
        }

        var first = await _data.ListGroupsForMemberAsync(DirectoryId, new ListGroupsForMemberRequest { SAMAccountName = "forge-p-0004", MaxResults = 3 });
        Assert.Equal(3, first.Groups!.Count);
        Assert.NotNull(first.NextToken);
        Assert.Equal(LocalDirectory.SeededGroups.Order(StringComparer.OrdinalIgnoreCase), await Groups("forge-p-0004"));
        Assert.All(first.Groups, g => Assert.Equal(("Global", "Security"), (g.GroupScope, g.GroupType)));

        var twice = await Assert.ThrowsAsync<AwsServiceException>(() =>
            _data.AddGroupMemberAsync(DirectoryId, new GroupMembership { GroupName = "Forge Admins", MemberName = "forge-p-0004" }));
        Assert.Equal(DirectoryServiceDataErrorCodes.ConflictException, twice.ErrorCode);
        var noGroup = await Assert.ThrowsAsync<AwsServiceException>(() =>
            _data.AddGroupMemberAsync(DirectoryId, new GroupMembership { GroupName = "Nobody's", MemberName = "forge-p-0004" }));
        Assert.Equal(DirectoryServiceDataErrorCodes.ResourceNotFoundException, noGroup.ErrorCode);

        await _data.RemoveGroupMemberAsync(DirectoryId, new GroupMembership { GroupName = "Forge Admins", MemberName = "forge-p-0004" });
        Assert.DoesNotContain("Forge Admins", await Groups("forge-p-0004"));
        var notMember = await Assert.ThrowsAsync<AwsServiceException>(() =>
            _data.RemoveGroupMemberAsync(DirectoryId, new GroupMembership { GroupName = "Forge Admins", MemberName = "forge-p-0004" }));
        Assert.Equal(DirectoryServiceDataErrorCodes.ResourceNotFoundException, notMember.ErrorCode);
    }

    [Fact]
    public async Task The_directory_refuses_what_it_cannot_take_with_the_reason()
    {
        await _data.CreateUserAsync(DirectoryId, new CreateUserRequest { SAMAccountName = "forge-p-0005" });

        var readOnly = await Assert.ThrowsAsync<AwsServiceException>(() => _data.UpdateUserAsync(DirectoryId, new UpdateUserRequest
        {
            SAMAccountName = "forge-p-0005",
            OtherAttributes = new Dictionary<string, AttributeValue> { ["objectSid"] = AttributeValue.Of("S-1-5-21-1") },
        }));
        Assert.Equal((DirectoryServiceDataErrorCodes.ValidationException, HttpStatusCode.BadRequest), (readOnly.ErrorCode, readOnly.StatusCode));

        var weak = await Assert.ThrowsAsync<AwsServiceException>(() => _ds.ResetUserPasswordAsync(
            new ResetUserPasswordRequest { DirectoryId = DirectoryId, UserName = "forge-p-0005", NewPassword = "forge-p-0005-Aa1" }));
        Assert.Equal(DirectoryServiceErrorCodes.InvalidPasswordException, weak.ErrorCode);
        Assert.DoesNotContain("forge-p-0005-Aa1", weak.ErrorMessage, StringComparison.Ordinal);
        var stranger = await Assert.ThrowsAsync<AwsServiceException>(() => _ds.ResetUserPasswordAsync(
            new ResetUserPasswordRequest { DirectoryId = DirectoryId, UserName = "nobody", NewPassword = "Tr0ub4dor&3-horse" }));
        Assert.Equal(DirectoryServiceErrorCodes.UserDoesNotExistException, stranger.ErrorCode);

        var elsewhere = await Assert.ThrowsAsync<AwsServiceException>(() =>
            _data.DescribeUserAsync(SeedInventory.For("eu-west-1").DirectoryId, new DescribeUserRequest { SAMAccountName = "forge-p-0005" }));
        Assert.Equal(DirectoryServiceDataErrorCodes.ResourceNotFoundException, elsewhere.ErrorCode);
    }

    [Fact]
    public async Task The_model_judges_query_string_members_too()
    {
        // A user name longer than the model's 20 characters, and a directory id off its pattern: refused before the directory looks.
        var longName = await Assert.ThrowsAsync<AwsServiceException>(() =>
            _data.CreateUserAsync(DirectoryId, new CreateUserRequest { SAMAccountName = new string('a', 21) }));
        var badDirectory = await Assert.ThrowsAsync<AwsServiceException>(() =>
            _data.DescribeUserAsync("d-XYZ", new DescribeUserRequest { SAMAccountName = "forge-p-0006" }));

        Assert.Equal([DirectoryServiceDataErrorCodes.ValidationException, DirectoryServiceDataErrorCodes.ValidationException],
            [longName.ErrorCode, badDirectory.ErrorCode]);
        Assert.Equal(["DirectoryId", "SAMAccountName"], Conformance.TakeViolations().Select(v => v.Violation.Path).Order(StringComparer.Ordinal));
    }

    private Task<DescribeUserResult> Describe(string name) =>
        _data.DescribeUserAsync(DirectoryId, new DescribeUserRequest { SAMAccountName = name });

    private async Task<List<string>> Groups(string member)
    {
        var names = new List<string>();
        await foreach (var group in _data.EnumerateGroupsForMemberAsync(DirectoryId, member))
        {
            names.Add(group.SAMAccountName!);
        }

        return names;
    }
}
