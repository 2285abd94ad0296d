using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.SecretsManager;

public sealed partial class LocalSecretsManager
{
    private JsonObject GetSecretValue(JsonInput request, LocalRequestContext context)
    {
        var secret = Resolve(request, context);
        var version = SelectVersion(secret, request.String("VersionId", 32, 64), request.String("VersionStage", 1, 256));
        Touch(secret, context);
        return SecretJson.Value(secret, version);
    }

    private JsonObject BatchGetSecretValue(JsonInput request, LocalRequestContext context)
    {
        var ids = request.Strings("SecretIdList", 1, 20);
        var hasFilters = request.Array("Filters") is not null;
        if ((ids is null) == !hasFilters)
        {
            throw new LocalCloudException("InvalidParameterException", "Specify either SecretIdList or Filters, but not both.");
        }

        var maxResults = request.Int("MaxResults", 1, 20);
        if (ids is not null && (maxResults is not null || request.String("NextToken") is not null))
        {
            throw new LocalCloudException("InvalidParameterException", "MaxResults and NextToken are only allowed together with Filters.");
        }

        var values = new JsonArray();
        var errors = new JsonArray();
        var output = new JsonObject { ["SecretValues"] = values, ["Errors"] = errors };
        IEnumerable<(string Id, SecretRecord? Secret)> targets;
        if (ids is not null)
        {
            targets = ids.Select(id => (id, store.Find(context.Region, id)));
        }
        else
        {
            var (page, next) = Page(Visible(SecretFilters.Parse(request), context).ToList(), maxResults ?? 20, request.String("NextToken"));
            targets = page.Select(s => (s.Name, (SecretRecord?)s));
            if (next is not null)
            {
                output["NextToken"] = next;
            }
        }

        foreach (var (id, secret) in targets)
        {
            if (secret?.DeletedDate is not null)
            {
                errors.Add(new JsonObject
                {
                    ["SecretId"] = id,
                    ["ErrorCode"] = "InvalidRequestException",
                    ["Message"] = "You can't perform this operation on the secret because it was marked for deletion.",
                });
            }
            else if (secret?.WithStage(SecretStages.Current) is { } current)
            {
                Touch(secret, context);
                values.Add(SecretJson.Value(secret, current));
            }
            else
            {
                errors.Add(new JsonObject
                {
                    ["SecretId"] = id,
                    ["ErrorCode"] = "ResourceNotFoundException",
                    ["Message"] = secret is null
                        ? "Secrets Manager can't find the specified secret."
                        : "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
                });
            }
        }

        return output;
    }

    private JsonObject ListSecrets(JsonInput request, LocalRequestContext context)
    {
        var maxResults = request.Int("MaxResults", 1, 100) ?? 100;
        request.Bool("IncludePlannedDeletion");
        var sortOrder = request.String("SortOrder") ?? "asc";
        var sortBy = request.String("SortBy") ?? "created-date";
        if (sortOrder is not ("asc" or "desc"))
        {
            throw new LocalCloudException("InvalidParameterException", "SortOrder must be asc or desc.");
        }

        Func<SecretRecord, IComparable?> key = sortBy switch
        {
            "created-date" => s => s.CreatedDate,
            "last-accessed-date" => s => s.LastAccessedDate,
            "last-changed-date" => s => s.LastChangedDate,
            "name" => s => s.Name,
            _ => throw new LocalCloudException("InvalidParameterException", "SortBy must be created-date, last-accessed-date, last-changed-date or name."),
        };
        var ordered = Visible(SecretFilters.Parse(request), context).OrderBy(key).ThenBy(s => s.Name, StringComparer.Ordinal);
        var sorted = (sortOrder == "asc" ? ordered : ordered.Reverse()).ToList();
        var (page, next) = Page(sorted, maxResults, request.String("NextToken"));
        var output = new JsonObject
        {
            ["SecretList"] = new JsonArray([.. page.Select(s => (JsonNode)SecretJson.Metadata(s, "SecretVersionsToStages"))]),
        };
        if (next is not null)
        {
            output["NextToken"] = next;
        }

        return output;
    }

    private JsonObject DescribeSecret(JsonInput request, LocalRequestContext context) =>
        SecretJson.Metadata(Resolve(request, context, allowDeleted: true), "VersionIdsToStages");

    /// <summary>ListSecrets is eventually consistent: a secret shows up <c>ConsistencyDelay</c> after its creation.</summary>
    private IEnumerable<SecretRecord> Visible(SecretFilters filters, LocalRequestContext context) =>
        store.InRegion(context.Region).Where(s => s.DeletedDate is null && s.CreatedDate + options.ConsistencyDelay <= context.Now && filters.Matches(s));

    private static SecretVersion SelectVersion(SecretRecord secret, string? versionId, string? stage)
    {
        var byId = versionId is null ? null : secret.Find(versionId);
        var byStage = secret.WithStage(stage ?? (versionId is null ? SecretStages.Current : ""));
        var version = (versionId, stage) switch
        {
            (null, _) => byStage,
            (_, null) => byId,
            _ => byId == byStage ? byId : null,
        };
        return version ?? throw new LocalCloudException("ResourceNotFoundException",
            $"Secrets Manager can't find the specified secret value for VersionId: {versionId ?? "(none)"} and staging label: {stage ?? SecretStages.Current}");
    }

    /// <summary>AWS records the day of the last access, not the time.</summary>
    private static void Touch(SecretRecord secret, LocalRequestContext context) =>
        secret.LastAccessedDate = new DateTimeOffset(context.Now.UtcDateTime.Date, TimeSpan.Zero);

    private static (List<SecretRecord> Page, string? NextToken) Page(List<SecretRecord> all, int size, string? token)
    {
        var offset = 0;
        if (token is not null)
        {
            try
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
                offset = text.StartsWith("secrets:", StringComparison.Ordinal)
                    ? int.Parse(text["secrets:".Length..], NumberStyles.None, CultureInfo.InvariantCulture)
                    : throw new FormatException();
            }
            catch (FormatException)
            {
                throw new LocalCloudException("InvalidNextTokenException", "The NextToken value is not valid.");
            }
            catch (OverflowException)
            {
                throw new LocalCloudException("InvalidNextTokenException", "The NextToken value is not valid.");
            }
        }

        var page = all.Skip(offset).Take(size).ToList();
        var next = offset + size < all.Count
            ? Convert.ToBase64String(Encoding.UTF8.GetBytes($"secrets:{(offset + size).ToString(CultureInfo.InvariantCulture)}"))
            : null;
        return (page, next);
    }
}
