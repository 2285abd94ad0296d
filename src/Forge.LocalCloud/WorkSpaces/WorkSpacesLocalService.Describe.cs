using System.Text.Json.Nodes;
using static Forge.LocalCloud.WorkSpaces.WorkSpacesInput;

namespace Forge.LocalCloud.WorkSpaces;

public sealed partial class WorkSpacesLocalService
{
    private const int PageSize = 25;

    /// <summary>
    /// One filter at a time: WorkspaceIds; or DirectoryId, optionally with UserName; or BundleId; or
    /// WorkspaceName. A just-created WorkSpace stays invisible for the consistency delay.
    /// </summary>
    private JsonObject DescribeWorkspaces(WorkSpacesRegion region, JsonObject input, DateTimeOffset now)
    {
        var ids = StringList(input, "WorkspaceIds", 1, MaxBatch);
        var directoryId = String(input, "DirectoryId");
        var userName = String(input, "UserName");
        var bundleId = String(input, "BundleId");
        var name = String(input, "WorkspaceName");
        var limit = Int(input, "Limit") ?? PageSize;
        CheckRange("Limit", limit, 1, PageSize);
        var filters = new[] { ids is not null, directoryId is not null, bundleId is not null, name is not null }.Count(f => f);
        if (filters > 1)
        {
            throw Invalid("The WorkspaceIds, DirectoryId, BundleId and WorkspaceName filters cannot be combined.");
        }

        if (userName is not null && directoryId is null)
        {
            throw Invalid("The UserName filter requires DirectoryId.");
        }

        ids?.ForEach(id => CheckWorkspaceId(id, "WorkspaceIds"));
        var after = PageToken.Decode("workspaces", String(input, "NextToken"));
        bool Matches(LocalWorkspace w) =>
            (directoryId is null || w.DirectoryId == directoryId)
            && (userName is null || string.Equals(w.UserName, userName, StringComparison.OrdinalIgnoreCase))
            && (bundleId is null || w.BundleId == bundleId)
            && (name is null || (string?)w.Request["WorkspaceName"] == name);

        var candidates = ids is null
            ? region.After(after)
            : ids.Distinct(StringComparer.Ordinal).Select(region.Find).OfType<LocalWorkspace>()
                .Where(w => w.Sequence > after).OrderBy(w => w.Sequence);
        var (page, next) = TakePage(region, candidates, Matches, limit, now);
        return Paged("Workspaces", [.. page.Select(w => (JsonNode)Render(w))], next is null ? null : PageToken.Encode("workspaces", next.Value));
    }

    /// <summary>Up to <paramref name="limit"/> visible matches, and the position to continue from if more may follow.</summary>
    private (List<LocalWorkspace> Page, long? Next) TakePage(WorkSpacesRegion region, IEnumerable<LocalWorkspace> candidates,
        Func<LocalWorkspace, bool> matches, int limit, DateTimeOffset now)
    {
        var page = new List<LocalWorkspace>(limit);
        foreach (var workspace in candidates)
        {
            Refresh(region, workspace, now);
            if (!workspace.IsVisible(now) || !matches(workspace))
            {
                continue;
            }

            if (page.Count == limit)
            {
                return (page, page[^1].Sequence);
            }

            page.Add(workspace);
        }

        return (page, null);
    }

    private JsonObject DescribeConnectionStatus(WorkSpacesRegion region, JsonObject input, DateTimeOffset now)
    {
        var ids = StringList(input, "WorkspaceIds", 1, MaxBatch);
        ids?.ForEach(id => CheckWorkspaceId(id, "WorkspaceIds"));
        var after = PageToken.Decode("connections", String(input, "NextToken"));
        var candidates = ids is null
            ? region.After(after)
            : ids.Distinct(StringComparer.Ordinal).Select(region.Find).OfType<LocalWorkspace>()
                .Where(w => w.Sequence > after).OrderBy(w => w.Sequence);
        var (page, next) = TakePage(region, candidates, _ => true, PageSize, now);
        return Paged("WorkspacesConnectionStatus", [.. page.Select(w => (JsonNode)RenderConnection(w, now))],
            next is null ? null : PageToken.Encode("connections", next.Value));
    }

    /// <summary>Either BundleIds or Owner, not both. Owner AMAZON lists the public bundles; no Owner, the account's own (none here).</summary>
    private static JsonObject DescribeBundles(WorkSpacesRegion region, JsonObject input)
    {
        var ids = StringList(input, "BundleIds", 1, MaxBatch);
        var owner = String(input, "Owner");
        if (ids is not null && owner is not null)
        {
            throw Invalid("BundleIds and Owner cannot be used together.");
        }

        var bundles = ids is not null ? region.Bundles.Where(b => ids.Contains(b.BundleId, StringComparer.Ordinal))
            : owner == "AMAZON" ? region.Bundles
            : [];
        return Offsets("bundles", bundles.Select(b => (JsonNode)RenderBundle(b)).ToList(), String(input, "NextToken"), PageSize, "Bundles");
    }

    private static JsonObject DescribeDirectories(WorkSpacesRegion region, JsonObject input)
    {
        var ids = StringList(input, "DirectoryIds", 1, MaxBatch);
        var names = StringList(input, "WorkspaceDirectoryNames", 1, MaxBatch);
        var limit = Int(input, "Limit") ?? PageSize;
        CheckRange("Limit", limit, 1, PageSize);
        var filters = Array(input, "Filters") is { } list ? Objects(list, "Filters") : [];
        CheckCount("Filters", filters.Count, 0, MaxBatch);
        var matches = region.Directories.Where(d =>
            (ids is null || ids.Contains(d.DirectoryId, StringComparer.Ordinal))
            && (names is null || names.Contains(d.DirectoryName, StringComparer.Ordinal))
            && filters.All(f => FilterMatches(f)));
        return Offsets("directories", matches.Select(d => (JsonNode)RenderDirectory(d)).ToList(), String(input, "NextToken"), limit, "Directories");
    }

    /// <summary>The seeded directories are AWS_DIRECTORY_SERVICE identities serving PERSONAL WorkSpaces.</summary>
    private static bool FilterMatches(JsonObject filter)
    {
        var name = Enum(filter, "Name", "USER_IDENTITY_TYPE", "WORKSPACE_TYPE") ?? throw Invalid("Filter Name is required.");
        var values = StringList(filter, "Values", 1, MaxBatch) ?? throw Invalid("Filter Values is required.");
        return values.Contains(name == "USER_IDENTITY_TYPE" ? "AWS_DIRECTORY_SERVICE" : "PERSONAL", StringComparer.Ordinal);
    }

    /// <summary>Pages a short, stable list by offset.</summary>
    private static JsonObject Offsets(string listing, List<JsonNode> items, string? token, int limit, string member)
    {
        var start = (int)Math.Min(PageToken.Decode(listing, token) + 1, items.Count);
        var page = items.Skip(start).Take(limit).ToList();
        var more = start + page.Count < items.Count;
        return Paged(member, [.. page], more ? PageToken.Encode(listing, start + page.Count - 1) : null);
    }

    private static JsonObject Paged(string member, JsonArray items, string? nextToken)
    {
        var output = new JsonObject { [member] = items };
        if (nextToken is not null)
        {
            output["NextToken"] = nextToken;
        }

        return output;
    }

    private static void CheckRange(string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw Invalid($"Value '{value}' at '{name}' failed to satisfy constraint: Member must have value between {min} and {max}.");
        }
    }
}
