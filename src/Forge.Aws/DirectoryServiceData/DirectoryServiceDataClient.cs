using System.Runtime.CompilerServices;
using Forge.Aws.Protocols;

namespace Forge.Aws.DirectoryServiceData;

/// <summary>
/// AWS Directory Service Data (API 2023-05-31, restJson1, signs as <c>ds-data</c>): the users, groups and
/// memberships of a Managed Microsoft AD, which Forge uses for the pool identities warm workstations are built for.
/// Every operation is <c>POST /{Users|Groups|GroupMemberships}/{Operation}?DirectoryId=…</c> with a JSON body.
/// </summary>
public sealed class DirectoryServiceDataClient(AwsClientFactory factory)
{
    private readonly AwsRestJsonClient _rest = factory.RestJson(AwsServices.DirectoryServiceData);

    public Task<CreateUserResult> CreateUserAsync(string directoryId, CreateUserRequest request, string? region = null, CancellationToken cancellationToken = default) =>
        PostAsync<CreateUserRequest, CreateUserResult>("Users", "CreateUser", directoryId, request, region, cancellationToken);

    public Task<DescribeUserResult> DescribeUserAsync(string directoryId, DescribeUserRequest request, string? region = null, CancellationToken cancellationToken = default) =>
        PostAsync<DescribeUserRequest, DescribeUserResult>("Users", "DescribeUser", directoryId, request, region, cancellationToken);

    public Task<EmptyResult> UpdateUserAsync(string directoryId, UpdateUserRequest request, string? region = null, CancellationToken cancellationToken = default) =>
        PostAsync<UpdateUserRequest, EmptyResult>("Users", "UpdateUser", directoryId, request, region, cancellationToken);

    public Task<EmptyResult> DisableUserAsync(string directoryId, UserReference request, string? region = null, CancellationToken cancellationToken = default) =>
        PostAsync<UserReference, EmptyResult>("Users", "DisableUser", directoryId, request, region, cancellationToken);

    public Task<EmptyResult> DeleteUserAsync(string directoryId, UserReference request, string? region = null, CancellationToken cancellationToken = default) =>
        PostAsync<UserReference, EmptyResult>("Users", "DeleteUser", directoryId, request, region, cancellationToken);

    public Task<EmptyResult> AddGroupMemberAsync(string directoryId, GroupMembership request, string? region = null, CancellationToken cancellationToken = default) =>
        PostAsync<GroupMembership, EmptyResult>("GroupMemberships", "AddGroupMember", directoryId, request, region, cancellationToken);

    public Task<EmptyResult> RemoveGroupMemberAsync(string directoryId, GroupMembership request, string? region = null, CancellationToken cancellationToken = default) =>
        PostAsync<GroupMembership, EmptyResult>("GroupMemberships", "RemoveGroupMember", directoryId, request, region, cancellationToken);

    public Task<ListGroupsForMemberResult> ListGroupsForMemberAsync(string directoryId, ListGroupsForMemberRequest request, string? region = null,
        CancellationToken cancellationToken = default) =>
        PostAsync<ListGroupsForMemberRequest, ListGroupsForMemberResult>("GroupMemberships", "ListGroupsForMember", directoryId, request, region, cancellationToken);

    /// <summary>Every group <paramref name="member"/> belongs to, following <c>NextToken</c> page by page.</summary>
    public async IAsyncEnumerable<GroupSummary> EnumerateGroupsForMemberAsync(string directoryId, string member, string? region = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await ListGroupsForMemberAsync(directoryId, new ListGroupsForMemberRequest { SAMAccountName = member, NextToken = token },
                region, cancellationToken).ConfigureAwait(false);
            foreach (var group in page.Groups ?? [])
            {
                yield return group;
            }

            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));
    }

    private Task<TResult> PostAsync<TRequest, TResult>(string resource, string operation, string directoryId, TRequest request, string? region,
        CancellationToken cancellationToken)
        where TResult : new()
    {
        ArgumentException.ThrowIfNullOrEmpty(directoryId);
        ArgumentNullException.ThrowIfNull(request);
        return _rest.PostAsync<TRequest, TResult>(operation, $"/{resource}/{operation}", [new("DirectoryId", directoryId)], request, region, cancellationToken);
    }
}
