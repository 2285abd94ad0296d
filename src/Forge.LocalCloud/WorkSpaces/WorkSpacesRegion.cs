namespace Forge.LocalCloud.WorkSpaces;

/// <summary>
/// The WorkSpaces of one region. WorkSpaces are kept in creation order with a never-reused sequence,
/// so a page token is a position: each page is a binary search plus the items it returns, whatever
/// the fleet size. Guarded by the service's lock.
/// </summary>
internal sealed class WorkSpacesRegion(string region, IReadOnlyList<LocalDirectory> directories, IReadOnlyList<LocalBundle> bundles)
{
    private readonly List<LocalWorkspace> _ordered = [];
    private readonly Dictionary<string, LocalWorkspace> _byId = new(StringComparer.Ordinal);
    private bool _hasGone;

    public string Region => region;

    public IReadOnlyList<LocalDirectory> Directories => directories;

    public IReadOnlyList<LocalBundle> Bundles => bundles;

    public LocalDirectory? Directory(string directoryId) => directories.FirstOrDefault(d => d.DirectoryId == directoryId);

    public LocalBundle? Bundle(string bundleId) => bundles.FirstOrDefault(b => b.BundleId == bundleId);

    public void Add(LocalWorkspace workspace)
    {
        _ordered.Add(workspace);
        _byId[workspace.WorkspaceId] = workspace;
    }

    /// <summary>The WorkSpace with this id, terminated ones included until they are purged.</summary>
    public LocalWorkspace? Find(string workspaceId) => _byId.GetValueOrDefault(workspaceId);

    /// <summary>WorkSpaces whose sequence is greater than <paramref name="afterSequence"/>, in order.</summary>
    public IEnumerable<LocalWorkspace> After(long afterSequence)
    {
        var low = 0;
        var high = _ordered.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (_ordered[middle].Sequence <= afterSequence)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        for (var i = low; i < _ordered.Count; i++)
        {
            yield return _ordered[i];
        }
    }

    public void MarkGone() => _hasGone = true;

    /// <summary>Drops WorkSpaces that have disappeared. Called after an answer is built, never while enumerating.</summary>
    public void Purge()
    {
        if (!_hasGone)
        {
            return;
        }

        _hasGone = false;
        _ordered.RemoveAll(w => w.IsGone);
        foreach (var gone in _byId.Values.Where(w => w.IsGone).ToList())
        {
            _byId.Remove(gone.WorkspaceId);
        }
    }
}
