using System.Text.Json.Serialization;

namespace Forge.Aws.DirectoryServiceData;

/// <summary>
/// One attribute value of Directory Service Data's <c>Attributes</c> map: exactly one of a string, a number, a
/// boolean or a string set (e.g. <c>description</c> → <c>{"S": "…"}</c>).
/// </summary>
public sealed record AttributeValue
{
    public string? S { get; init; }

    public long? N { get; init; }

    [JsonPropertyName("BOOL")]
    public bool? Bool { get; init; }

    public IReadOnlyList<string>? SS { get; init; }

    public static AttributeValue Of(string value) => new() { S = value };
}

/// <summary>The members common to the user operations' bodies (the DirectoryId travels in the query string).</summary>
public sealed record CreateUserRequest
{
    public required string SAMAccountName { get; init; }

    public string? ClientToken { get; init; }

    public string? EmailAddress { get; init; }

    public string? GivenName { get; init; }

    public string? Surname { get; init; }

    public IReadOnlyDictionary<string, AttributeValue>? OtherAttributes { get; init; }
}

public sealed record CreateUserResult
{
    public string? DirectoryId { get; init; }

    public string? SAMAccountName { get; init; }

    public string? SID { get; init; }
}

/// <summary><c>UpdateType</c>: ADD, REPLACE or REMOVE the attributes given.</summary>
public sealed record UpdateUserRequest
{
    public required string SAMAccountName { get; init; }

    public string? ClientToken { get; init; }

    public string? EmailAddress { get; init; }

    public string? GivenName { get; init; }

    public string? Surname { get; init; }

    public IReadOnlyDictionary<string, AttributeValue>? OtherAttributes { get; init; }

    public string? UpdateType { get; init; }
}

public sealed record DescribeUserRequest
{
    public required string SAMAccountName { get; init; }

    /// <summary>LDAP display names of further attributes to return.</summary>
    public IReadOnlyList<string>? OtherAttributes { get; init; }
}

public sealed record DescribeUserResult
{
    public string? DirectoryId { get; init; }

    public string? DistinguishedName { get; init; }

    public string? EmailAddress { get; init; }

    public bool? Enabled { get; init; }

    public string? GivenName { get; init; }

    public IReadOnlyDictionary<string, AttributeValue>? OtherAttributes { get; init; }

    public string? Realm { get; init; }

    public string? SAMAccountName { get; init; }

    public string? SID { get; init; }

    public string? Surname { get; init; }

    public string? UserPrincipalName { get; init; }
}

/// <summary>The body of DisableUser and DeleteUser.</summary>
public sealed record UserReference
{
    public required string SAMAccountName { get; init; }

    public string? ClientToken { get; init; }
}

/// <summary>The body of AddGroupMember and RemoveGroupMember.</summary>
public sealed record GroupMembership
{
    public required string GroupName { get; init; }

    public required string MemberName { get; init; }

    public string? ClientToken { get; init; }
}

public sealed record ListGroupsForMemberRequest
{
    public required string SAMAccountName { get; init; }

    public int? MaxResults { get; init; }

    public string? NextToken { get; init; }
}

public sealed record ListGroupsForMemberResult
{
    public string? DirectoryId { get; init; }

    public IReadOnlyList<GroupSummary>? Groups { get; init; }

    public string? NextToken { get; init; }
}

public sealed record GroupSummary
{
    public string? SAMAccountName { get; init; }

    public string? SID { get; init; }

    public string? GroupScope { get; init; }

    public string? GroupType { get; init; }
}

/// <summary>An operation without output answers an empty structure.</summary>
public sealed record EmptyResult;

public static class DirectoryServiceDataErrorCodes
{
    public const string ResourceNotFoundException = "ResourceNotFoundException";
    public const string ConflictException = "ConflictException";
    public const string ValidationException = "ValidationException";
    public const string AccessDeniedException = "AccessDeniedException";
    public const string DirectoryUnavailableException = "DirectoryUnavailableException";
    public const string ThrottlingException = "ThrottlingException";
    public const string InternalServerException = "InternalServerException";
}
