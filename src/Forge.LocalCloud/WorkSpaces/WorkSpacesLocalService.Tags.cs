using System.Text.Json.Nodes;
using static Forge.LocalCloud.WorkSpaces.WorkSpacesInput;

namespace Forge.LocalCloud.WorkSpaces;

public sealed partial class WorkSpacesLocalService
{
    /// <summary>Adds or overwrites tags; at most 50 per resource (ResourceLimitExceededException beyond).</summary>
    private JsonObject CreateTags(WorkSpacesRegion region, JsonObject input, DateTimeOffset now)
    {
        var tagSet = TagsOf(region, RequiredString(input, "ResourceId"), now);
        var tags = TagSet.Parse(Array(input, "Tags") ?? throw Invalid("The Tags parameter is required."));
        tagSet.Apply(tags);
        return [];
    }

    private JsonObject DeleteTags(WorkSpacesRegion region, JsonObject input, DateTimeOffset now)
    {
        var tagSet = TagsOf(region, RequiredString(input, "ResourceId"), now);
        var keys = StringList(input, "TagKeys", 0, int.MaxValue) ?? throw Invalid("The TagKeys parameter is required.");
        tagSet.Remove(keys);
        return [];
    }

    /// <summary>All tags of the resource in one answer: DescribeTags has no paging.</summary>
    private JsonObject DescribeTags(WorkSpacesRegion region, JsonObject input, DateTimeOffset now) =>
        new() { ["TagList"] = TagsOf(region, RequiredString(input, "ResourceId"), now).Render() };

    /// <summary>The tags of a WorkSpace or a registered directory of this region.</summary>
    private TagSet TagsOf(WorkSpacesRegion region, string resourceId, DateTimeOffset now)
    {
        if (resourceId.Length == 0)
        {
            throw Invalid("ResourceId must not be empty.");
        }

        if (resourceId.StartsWith("ws-", StringComparison.Ordinal))
        {
            return FindWorkspace(region, resourceId, now)?.Tags
                ?? throw NotFound($"The resource {resourceId} could not be found.");
        }

        return region.Directory(resourceId)?.Tags ?? throw NotFound($"The resource {resourceId} could not be found.");
    }
}
