using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Forge.Aws;
using Forge.Aws.DirectoryService;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.DirectoryService;

/// <summary>
/// AWS Directory Service, DescribeDirectories and ResetUserPassword: each configured region holds the seeded AWS
/// Managed Microsoft AD, whose users Directory Service Data manages. Errors carry <c>Message</c> and
/// <c>RequestId</c>, as the model's error shapes do.
/// </summary>
public sealed partial class DirectoryServiceLocalService : IJsonLocalService
{
    /// <summary>The page size when Limit is absent or 0 ("the maximum of the operation") [unverified value].</summary>
    public const int MaxLimit = 100;

    private const string TokenPrefix = "forge-ds-v1|";

    private readonly Dictionary<string, JsonObject> _directoriesByRegion;

    private readonly DirectoryServiceData.LocalDirectories _directories;

    public DirectoryServiceLocalService(LocalCloudOptions options, TimeProvider clock, DirectoryServiceData.LocalDirectories directories)
    {
        _directories = directories;
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        // The directory was launched well before the local cloud started; it never changes afterwards.
        var launchTime = clock.GetUtcNow().AddDays(-30);
        _directoriesByRegion = options.Regions.Distinct(StringComparer.Ordinal)
            .ToDictionary(r => r, r => DirectorySeed.Description(r, launchTime), StringComparer.Ordinal);
    }

    public AwsService Service => AwsServices.DirectoryService;

    public string ErrorMessageMember => "Message";

    public bool HasOperation(string operation) => operation is "DescribeDirectories" or "ResetUserPassword";

    public ValueTask<JsonObject?> InvokeAsync(string operation, JsonObject input, LocalRequestContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        return operation switch
        {
            "DescribeDirectories" => ValueTask.FromResult<JsonObject?>(DescribeDirectories(input, context)),
            "ResetUserPassword" => ValueTask.FromResult<JsonObject?>(ResetUserPassword(input, context)),
            _ => throw new LocalCloudException("UnknownOperationException", $"Operation {operation} is not supported."),
        };
    }

    /// <summary>
    /// Sets a user's password and enables the user (AWS: "Disabled users will become enabled"). The password must meet
    /// the default domain policy: at least 8 characters, three of upper case, lower case, digits and symbols, and not
    /// the account name. Only when it was set is kept, never the password.
    /// </summary>
    private JsonObject ResetUserPassword(JsonObject input, LocalRequestContext context)
    {
        var directoryId = (string)input["DirectoryId"]!;
        var directory = _directories.Find(context.Region, directoryId)
            ?? throw Error(context, DirectoryServiceErrorCodes.EntityDoesNotExistException, $"Directory {directoryId} does not exist.");
        var userName = (string)input["UserName"]!;
        var password = (string)input["NewPassword"]!;
        lock (directory.Sync)
        {
            var user = directory.Users.GetValueOrDefault(userName)
                ?? throw Error(context, DirectoryServiceErrorCodes.UserDoesNotExistException, $"User {userName} does not exist.");
            var classes = new[] { password.Any(char.IsUpper), password.Any(char.IsLower), password.Any(char.IsDigit), password.Any(c => !char.IsLetterOrDigit(c)) };
            if (password.Length < 8 || classes.Count(c => c) < 3 || password.Contains(user.SamAccountName, StringComparison.OrdinalIgnoreCase))
            {
                throw Error(context, DirectoryServiceErrorCodes.InvalidPasswordException,
                    "The new password does not meet the directory's password policy.");
            }

            user.Enabled = true;
            user.PasswordSetAt = context.Now;
        }

        return [];
    }

    private JsonObject DescribeDirectories(JsonObject input, LocalRequestContext context)
    {
        var ids = ReadDirectoryIds(input, context);
        var limit = ReadLimit(input, context);
        var after = ReadNextToken(input, context);
        var all = _directoriesByRegion.TryGetValue(context.Region, out var seeded) ? [seeded] : new List<JsonObject>();
        var missing = ids?.Where(id => all.All(d => (string?)d["DirectoryId"] != id)).ToList() ?? [];
        if (missing.Count > 0)
        {
            throw Error(context, DirectoryServiceErrorCodes.EntityDoesNotExistException,
                $"Directory {string.Join(", ", missing)} does not exist.");
        }

        var page = all.Where(d => ids is null || ids.Contains((string)d["DirectoryId"]!))
            .OrderBy(d => (string)d["DirectoryId"]!, StringComparer.Ordinal)
            .Where(d => after is null || string.CompareOrdinal((string)d["DirectoryId"]!, after) > 0)
            .Take(limit + 1)
            .ToList();
        var result = new JsonObject();
        if (page.Count > limit)
        {
            page.RemoveAt(limit);
            result["NextToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(TokenPrefix + (string)page[^1]["DirectoryId"]!));
        }

        result["DirectoryDescriptions"] = new JsonArray([.. page.Select(d => d.DeepClone())]);
        return result;
    }

    private static List<string>? ReadDirectoryIds(JsonObject input, LocalRequestContext context)
    {
        switch (input["DirectoryIds"])
        {
            case null:
                return null;
            case JsonArray { Count: 0 }:
                // The model says so: null means all directories, an empty list is an error.
                throw Error(context, DirectoryServiceErrorCodes.InvalidParameterException, "DirectoryIds must not be an empty list.");
            case JsonArray array:
                var ids = new List<string>();
                foreach (var item in array)
                {
                    var id = item is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
                    if (id is null || !DirectoryId().IsMatch(id))
                    {
                        throw Error(context, DirectoryServiceErrorCodes.InvalidParameterException,
                            $"Invalid directory identifier: {item?.ToJsonString()}. It must be d- followed by 10 hexadecimal digits.");
                    }

                    ids.Add(id);
                }

                return ids;
            default:
                throw new LocalCloudException("SerializationException", "DirectoryIds must be a list of strings.");
        }
    }

    private static int ReadLimit(JsonObject input, LocalRequestContext context)
    {
        var node = input["Limit"];
        if (node is null)
        {
            return MaxLimit;
        }

        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !value.TryGetValue<int>(out var limit))
        {
            throw new LocalCloudException("SerializationException", "Limit must be an integer.");
        }

        return limit switch
        {
            < 0 => throw Error(context, DirectoryServiceErrorCodes.InvalidParameterException, "Limit must not be negative."),
            0 => MaxLimit,
            _ => Math.Min(limit, MaxLimit),
        };
    }

    private static string? ReadNextToken(JsonObject input, LocalRequestContext context)
    {
        var node = input["NextToken"];
        if (node is null)
        {
            return null;
        }

        try
        {
            var text = node is JsonValue v && v.GetValueKind() == JsonValueKind.String
                ? Encoding.UTF8.GetString(Convert.FromBase64String(v.GetValue<string>()))
                : "";
            if (text.StartsWith(TokenPrefix, StringComparison.Ordinal))
            {
                return text[TokenPrefix.Length..];
            }
        }
        catch (FormatException)
        {
            // Same answer as any other token this service did not hand out.
        }

        throw Error(context, DirectoryServiceErrorCodes.InvalidNextTokenException, "The NextToken value is not valid.");
    }

    private static LocalCloudException Error(LocalRequestContext context, string code, string message) =>
        new(code, message) { Members = new Dictionary<string, string> { ["RequestId"] = context.RequestId } };

    [GeneratedRegex("^d-[0-9a-f]{10}$")]
    private static partial Regex DirectoryId();
}
