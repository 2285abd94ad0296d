using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Forge.Aws;
using Forge.Aws.DirectoryServiceData;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.DirectoryServiceData;

/// <summary>
/// AWS Directory Service Data (restJson1) over each region's <see cref="LocalDirectory"/>: users (create, describe,
/// update, disable, delete), group memberships (add, remove, list both ways). The model has judged the input
/// (lengths, patterns, enums) before it gets here; this class applies the directory's own rules: unknown directory,
/// user or group (404), an existing user or membership (409), attributes a user cannot take (400 with a Reason),
/// and client tokens (the same token and input within 8 hours answers the first answer again; other input, 409).
/// </summary>
public sealed class DirectoryDataLocalService(LocalDirectories directories) : IJsonLocalService
{
    /// <summary>The page size when MaxResults is absent [unverified value; the model allows 1 to 250].</summary>
    public const int DefaultMaxResults = 250;

    private static readonly TimeSpan ClientTokenLifetime = TimeSpan.FromHours(8);

    /// <summary>Attributes Forge may not set through OtherAttributes: they are members of their own or are the directory's.</summary>
    private static readonly HashSet<string> ReadOnlyAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "sAMAccountName", "objectSid", "distinguishedName", "userPrincipalName", "memberOf", "givenName", "sn", "mail", "userAccountControl",
    };

    private static readonly HashSet<string> Operations = new(StringComparer.Ordinal)
    {
        "CreateUser", "DescribeUser", "UpdateUser", "DisableUser", "DeleteUser", "AddGroupMember", "RemoveGroupMember",
        "ListGroupsForMember", "ListGroupMembers",
    };

    public AwsService Service => AwsServices.DirectoryServiceData;

    public string ErrorMessageMember => "Message";

    public bool HasOperation(string operation) => Operations.Contains(operation);

    public ValueTask<JsonObject?> InvokeAsync(string operation, JsonObject input, LocalRequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var directory = directories.Find(context.Region, (string)input["DirectoryId"]!)
            ?? throw NotFound($"Directory {(string?)input["DirectoryId"]} does not exist in {context.Region}.");
        lock (directory.Sync)
        {
            return ValueTask.FromResult<JsonObject?>(input["ClientToken"] is JsonValue token
                ? Idempotent(directory, operation, token.GetValue<string>(), input, context)
                : Run(directory, operation, input));
        }
    }

    private static JsonObject Idempotent(LocalDirectory directory, string operation, string token, JsonObject input, LocalRequestContext context)
    {
        foreach (var stale in directory.ClientTokens.Where(t => context.Now - t.Value.At >= ClientTokenLifetime).Select(t => t.Key).ToList())
        {
            directory.ClientTokens.Remove(stale);
        }

        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(input.ToJsonString())));
        if (directory.ClientTokens.TryGetValue(token, out var earlier))
        {
            return earlier.Operation == operation && earlier.Fingerprint == fingerprint
                ? (JsonObject)earlier.Answer.DeepClone()
                : throw new LocalCloudException(DirectoryServiceDataErrorCodes.ConflictException,
                    "The client token was used within the last 8 hours with other parameters.", 409);
        }

        var answer = Run(directory, operation, input);
        directory.ClientTokens[token] = (operation, fingerprint, (JsonObject)answer.DeepClone(), context.Now);
        return answer;
    }

    private static JsonObject Run(LocalDirectory directory, string operation, JsonObject input) => operation switch
    {
        "CreateUser" => CreateUser(directory, input),
        "DescribeUser" => DescribeUser(directory, input),
        "UpdateUser" => UpdateUser(directory, input),
        "DisableUser" => DisableUser(directory, input),
        "DeleteUser" => DeleteUser(directory, input),
        "AddGroupMember" => AddGroupMember(directory, input),
        "RemoveGroupMember" => RemoveGroupMember(directory, input),
        "ListGroupsForMember" => ListGroupsForMember(directory, input),
        "ListGroupMembers" => ListGroupMembers(directory, input),
        _ => throw new LocalCloudException("UnknownOperationException", $"Operation {operation} is not supported.", 404),
    };

    private static JsonObject CreateUser(LocalDirectory directory, JsonObject input)
    {
        var name = (string)input["SAMAccountName"]!;
        if (directory.Users.ContainsKey(name) || directory.Groups.ContainsKey(name))
        {
            throw new LocalCloudException(DirectoryServiceDataErrorCodes.ConflictException, $"An object named {name} already exists.", 409);
        }

        var user = new DirectoryUser
        {
            SamAccountName = name,
            Sid = directory.NextSid(),
            GivenName = (string?)input["GivenName"],
            Surname = (string?)input["Surname"],
            EmailAddress = (string?)input["EmailAddress"],
        };
        foreach (var (attribute, value) in Attributes(input))
        {
            user.Attributes[attribute] = value;
        }

        directory.Users[name] = user;
        return new JsonObject { ["DirectoryId"] = directory.DirectoryId, ["SAMAccountName"] = name, ["SID"] = user.Sid };
    }

    private static JsonObject DescribeUser(LocalDirectory directory, JsonObject input)
    {
        var user = User(directory, (string)input["SAMAccountName"]!);
        var result = new JsonObject
        {
            ["DirectoryId"] = directory.DirectoryId,
            ["Realm"] = directory.Realm,
            ["SAMAccountName"] = user.SamAccountName,
            ["SID"] = user.Sid,
            ["DistinguishedName"] = directory.DistinguishedName(user.SamAccountName),
            ["UserPrincipalName"] = $"{user.SamAccountName}@{directory.Realm}",
            ["Enabled"] = user.Enabled,
        };
        Optional(result, "GivenName", user.GivenName);
        Optional(result, "Surname", user.Surname);
        Optional(result, "EmailAddress", user.EmailAddress);
        if (input["OtherAttributes"] is JsonArray wanted)
        {
            var attributes = new JsonObject();
            foreach (var name in wanted.Select(n => (string)n!))
            {
                if (user.Attributes.TryGetValue(name, out var value))
                {
                    attributes[name] = value.DeepClone();
                }
            }

            if (attributes.Count > 0)
            {
                result["OtherAttributes"] = attributes;
            }
        }

        return result;
    }

    private static JsonObject UpdateUser(LocalDirectory directory, JsonObject input)
    {
        var user = User(directory, (string)input["SAMAccountName"]!);
        var type = (string?)input["UpdateType"] ?? "REPLACE";
        var attributes = Attributes(input);
        foreach (var (name, value) in attributes)
        {
            switch (type)
            {
                case "ADD" when user.Attributes.ContainsKey(name):
                    throw Invalid("ATTRIBUTE_EXISTS", $"The attribute {name} already has a value; use REPLACE.");
                case "REMOVE":
                    user.Attributes.Remove(name);
                    break;
                default:
                    user.Attributes[name] = value;
                    break;
            }
        }

        if (type == "REMOVE")
        {
            user.GivenName = input.ContainsKey("GivenName") ? null : user.GivenName;
            user.Surname = input.ContainsKey("Surname") ? null : user.Surname;
            user.EmailAddress = input.ContainsKey("EmailAddress") ? null : user.EmailAddress;
        }
        else
        {
            user.GivenName = (string?)input["GivenName"] ?? user.GivenName;
            user.Surname = (string?)input["Surname"] ?? user.Surname;
            user.EmailAddress = (string?)input["EmailAddress"] ?? user.EmailAddress;
        }

        return [];
    }

    private static JsonObject DisableUser(LocalDirectory directory, JsonObject input)
    {
        User(directory, (string)input["SAMAccountName"]!).Enabled = false;
        return [];
    }

    private static JsonObject DeleteUser(LocalDirectory directory, JsonObject input)
    {
        var user = User(directory, (string)input["SAMAccountName"]!);
        directory.Users.Remove(user.SamAccountName);
        foreach (var group in directory.Groups.Values)
        {
            group.Members.Remove(user.SamAccountName);
        }

        return [];
    }

    private static JsonObject AddGroupMember(LocalDirectory directory, JsonObject input)
    {
        var (group, member) = Membership(directory, input);
        if (!group.Members.Add(member))
        {
            throw new LocalCloudException(DirectoryServiceDataErrorCodes.ConflictException, $"{member} is already a member of {group.SamAccountName}.", 409);
        }

        return [];
    }

    private static JsonObject RemoveGroupMember(LocalDirectory directory, JsonObject input)
    {
        var (group, member) = Membership(directory, input);
        return group.Members.Remove(member) ? [] : throw NotFound($"{member} is not a member of {group.SamAccountName}.");
    }

    private static JsonObject ListGroupsForMember(LocalDirectory directory, JsonObject input)
    {
        var member = User(directory, (string)input["SAMAccountName"]!).SamAccountName;
        var groups = directory.GroupsOf(member).Select(g => new JsonObject
        {
            ["SAMAccountName"] = g.SamAccountName, ["SID"] = g.Sid, ["GroupScope"] = g.GroupScope, ["GroupType"] = g.GroupType,
        });
        return Page(directory, input, groups, "Groups", g => (string)g["SAMAccountName"]!);
    }

    private static JsonObject ListGroupMembers(LocalDirectory directory, JsonObject input)
    {
        var name = (string)input["SAMAccountName"]!;
        var group = directory.Groups.GetValueOrDefault(name) ?? throw NotFound($"Group {name} does not exist.");
        var members = group.Members.Order(StringComparer.OrdinalIgnoreCase).Select(m => new JsonObject
        {
            ["SAMAccountName"] = m,
            ["SID"] = directory.Users.TryGetValue(m, out var user) ? user.Sid : directory.Groups[m].Sid,
            ["MemberType"] = directory.Users.ContainsKey(m) ? "USER" : "GROUP",
        });
        return Page(directory, input, members, "Members", m => (string)m["SAMAccountName"]!);
    }

    /// <summary>A page of <paramref name="items"/> (in name order) after the NextToken's name; the token names the last item given.</summary>
    private static JsonObject Page(LocalDirectory directory, JsonObject input, IEnumerable<JsonObject> items, string member, Func<JsonObject, string> name)
    {
        var size = (int?)input["MaxResults"] ?? DefaultMaxResults;
        var after = input["NextToken"] is JsonValue token ? ReadToken(token.GetValue<string>()) : null;
        var page = items.Where(i => after is null || string.Compare(name(i), after, StringComparison.OrdinalIgnoreCase) > 0).Take(size + 1).ToList();
        var result = new JsonObject { ["DirectoryId"] = directory.DirectoryId, ["Realm"] = directory.Realm };
        if (page.Count > size)
        {
            page.RemoveAt(size);
            result["NextToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("forge-dsdata-v1|" + name(page[^1])));
        }

        result[member] = new JsonArray([.. page]);
        return result;
    }

    private static string ReadToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("forge-dsdata-v1|", StringComparison.Ordinal))
            {
                return text["forge-dsdata-v1|".Length..];
            }
        }
        catch (FormatException)
        {
            // Refused below, as any token this service did not give.
        }

        throw Invalid("INVALID_NEXT_TOKEN", "The NextToken value is not valid.");
    }

    private static (DirectoryGroup Group, string Member) Membership(LocalDirectory directory, JsonObject input)
    {
        var groupName = (string)input["GroupName"]!;
        var memberName = (string)input["MemberName"]!;
        var group = directory.Groups.GetValueOrDefault(groupName) ?? throw NotFound($"Group {groupName} does not exist.");
        var member = directory.Users.TryGetValue(memberName, out var user) ? user.SamAccountName
            : directory.Groups.TryGetValue(memberName, out var nested) ? nested.SamAccountName
            : throw NotFound($"Member {memberName} does not exist.");
        return (group, member);
    }

    private static DirectoryUser User(LocalDirectory directory, string name) =>
        directory.Users.GetValueOrDefault(name) ?? throw NotFound($"User {name} does not exist.");

    /// <summary>OtherAttributes, each value exactly one of S, N, BOOL or SS, and none the directory keeps for itself.</summary>
    private static List<(string Name, JsonObject Value)> Attributes(JsonObject input)
    {
        if (input["OtherAttributes"] is not JsonObject attributes)
        {
            return [];
        }

        var found = new List<(string, JsonObject)>();
        foreach (var (name, node) in attributes)
        {
            if (ReadOnlyAttributes.Contains(name))
            {
                throw Invalid("INVALID_ATTRIBUTE_FOR_MODIFY", $"The attribute {name} cannot be set through OtherAttributes.");
            }

            if (node is not JsonObject value || value.Count != 1)
            {
                throw Invalid("INVALID_ATTRIBUTE_VALUE", $"The value of {name} must have exactly one of S, N, BOOL or SS.");
            }

            found.Add((name, (JsonObject)value.DeepClone()));
        }

        return found;
    }

    private static void Optional(JsonObject result, string name, string? value)
    {
        if (value is not null)
        {
            result[name] = value;
        }
    }

    private static LocalCloudException NotFound(string message) =>
        new(DirectoryServiceDataErrorCodes.ResourceNotFoundException, message, 404);

    private static LocalCloudException Invalid(string reason, string message) =>
        new(DirectoryServiceDataErrorCodes.ValidationException, message) { Members = new Dictionary<string, string> { ["Reason"] = reason } };
}
