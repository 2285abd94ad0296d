namespace Forge.Aws.WorkSpaces;

// Inputs and outputs of the operations Forge uses, named exactly as in the model.

/// <summary>1..25 WorkSpaces to create.</summary>
public sealed class CreateWorkspacesRequest
{
    public List<WorkspaceRequest> Workspaces { get; set; } = [];
}

public sealed class CreateWorkspacesResult
{
    public List<FailedCreateWorkspaceRequest> FailedRequests { get; set; } = [];

    /// <summary>The WorkSpaces being built, in state PENDING.</summary>
    public List<Workspace> PendingRequests { get; set; } = [];
}

/// <summary>
/// Filters are mutually exclusive: <see cref="WorkspaceIds"/> alone, or <see cref="DirectoryId"/>
/// (optionally with <see cref="UserName"/>), or <see cref="BundleId"/>, or <see cref="WorkspaceName"/>.
/// </summary>
public sealed class DescribeWorkspacesRequest
{
    /// <summary>1..25 ids.</summary>
    public List<string>? WorkspaceIds { get; set; }

    public string? DirectoryId { get; set; }

    public string? UserName { get; set; }

    public string? BundleId { get; set; }

    /// <summary>Page size, 1..25.</summary>
    public int? Limit { get; set; }

    public string? NextToken { get; set; }

    public string? WorkspaceName { get; set; }
}

public sealed class DescribeWorkspacesResult
{
    public List<Workspace> Workspaces { get; set; } = [];

    public string? NextToken { get; set; }
}

public sealed class DescribeWorkspacesConnectionStatusRequest
{
    /// <summary>1..25 ids; omitted: every WorkSpace of the region, paged.</summary>
    public List<string>? WorkspaceIds { get; set; }

    public string? NextToken { get; set; }
}

public sealed class DescribeWorkspacesConnectionStatusResult
{
    public List<WorkspaceConnectionStatus> WorkspacesConnectionStatus { get; set; } = [];

    public string? NextToken { get; set; }
}

public sealed class StartRequest
{
    public string? WorkspaceId { get; set; }
}

public sealed class StopRequest
{
    public string? WorkspaceId { get; set; }
}

public sealed class RebootRequest
{
    public string WorkspaceId { get; set; } = "";
}

public sealed class TerminateRequest
{
    public string WorkspaceId { get; set; } = "";
}

public sealed class StartWorkspacesRequest
{
    public List<StartRequest> StartWorkspaceRequests { get; set; } = [];
}

public sealed class StopWorkspacesRequest
{
    public List<StopRequest> StopWorkspaceRequests { get; set; } = [];
}

public sealed class RebootWorkspacesRequest
{
    public List<RebootRequest> RebootWorkspaceRequests { get; set; } = [];
}

public sealed class TerminateWorkspacesRequest
{
    public List<TerminateRequest> TerminateWorkspaceRequests { get; set; } = [];
}

public sealed class StartWorkspacesResult
{
    public List<FailedWorkspaceChangeRequest> FailedRequests { get; set; } = [];
}

public sealed class StopWorkspacesResult
{
    public List<FailedWorkspaceChangeRequest> FailedRequests { get; set; } = [];
}

public sealed class RebootWorkspacesResult
{
    public List<FailedWorkspaceChangeRequest> FailedRequests { get; set; } = [];
}

public sealed class TerminateWorkspacesResult
{
    public List<FailedWorkspaceChangeRequest> FailedRequests { get; set; } = [];
}

public sealed class ModifyWorkspacePropertiesRequest
{
    public string WorkspaceId { get; set; } = "";

    public WorkspaceProperties? WorkspaceProperties { get; set; }

    /// <summary>NO_REPLICATION or PRIMARY_AS_SOURCE.</summary>
    public string? DataReplication { get; set; }
}

public sealed class ModifyWorkspacePropertiesResult;

public sealed class ModifyWorkspaceAccessPropertiesRequest
{
    /// <summary>The directory id.</summary>
    public string ResourceId { get; set; } = "";

    public WorkspaceAccessProperties WorkspaceAccessProperties { get; set; } = new();
}

public sealed class ModifyWorkspaceAccessPropertiesResult;

public sealed class ModifyWorkspaceCreationPropertiesRequest
{
    /// <summary>The directory id.</summary>
    public string ResourceId { get; set; } = "";

    public WorkspaceCreationProperties WorkspaceCreationProperties { get; set; } = new();
}

public sealed class ModifyWorkspaceCreationPropertiesResult;

/// <summary>Either <see cref="BundleIds"/> or <see cref="Owner"/>, not both.</summary>
public sealed class DescribeWorkspaceBundlesRequest
{
    /// <summary>1..25 ids.</summary>
    public List<string>? BundleIds { get; set; }

    /// <summary><c>AMAZON</c> for the public bundles; omitted for the account's own.</summary>
    public string? Owner { get; set; }

    public string? NextToken { get; set; }
}

public sealed class DescribeWorkspaceBundlesResult
{
    public List<WorkspaceBundle> Bundles { get; set; } = [];

    public string? NextToken { get; set; }
}

public sealed class DescribeWorkspaceDirectoriesRequest
{
    /// <summary>1..25 ids; omitted: every registered directory.</summary>
    public List<string>? DirectoryIds { get; set; }

    public List<string>? WorkspaceDirectoryNames { get; set; }

    /// <summary>Page size, 1..25.</summary>
    public int? Limit { get; set; }

    public string? NextToken { get; set; }

    public List<DescribeWorkspaceDirectoriesFilter>? Filters { get; set; }
}

public sealed class DescribeWorkspaceDirectoriesResult
{
    public List<WorkspaceDirectory> Directories { get; set; } = [];

    public string? NextToken { get; set; }
}

public sealed class CreateTagsRequest
{
    /// <summary>A WorkSpace, registered directory, image, custom bundle, IP group or connection alias.</summary>
    public string ResourceId { get; set; } = "";

    public List<Tag> Tags { get; set; } = [];
}

public sealed class CreateTagsResult;

public sealed class DeleteTagsRequest
{
    public string ResourceId { get; set; } = "";

    public List<string> TagKeys { get; set; } = [];
}

public sealed class DeleteTagsResult;

public sealed class DescribeTagsRequest
{
    public string ResourceId { get; set; } = "";
}

public sealed class DescribeTagsResult
{
    public List<Tag> TagList { get; set; } = [];
}
