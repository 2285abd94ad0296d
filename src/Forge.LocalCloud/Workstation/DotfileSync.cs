using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Refusals = Forge.Aws.Ssm.ForgeDocuments.SyncRefusals;

namespace Forge.LocalCloud.Workstation;

/// <summary>
/// The rules of Forge-SyncDotfiles, the same as the shell script's: nothing outside home, nothing
/// through a link that leaves it (to the file or to its backup), nothing over a folder, no private key
/// by name or by content; the newest copy wins and the other stays beside it as <c>&lt;name&gt;.forge-backup</c>.
/// </summary>
internal sealed partial class DotfileSync(IDotfileSide source, IDotfileSide target)
{
    private readonly SortedSet<string> _copied = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _kept = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _refused = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public JsonObject Run(IEnumerable<string> patterns)
    {
        foreach (var pattern in patterns)
        {
            if (DotfileGlob.Refusal(pattern) is { } refusal)
            {
                _refused[pattern] = refusal;
                continue;
            }

            var glob = DotfileGlob.ToRegex(pattern);
            var candidates = source.Names.Where(n => glob.IsMatch(n)).ToList();
            if (pattern.IndexOfAny(['*', '?']) < 0)
            {
                // A literal path may run through a linked folder that Names does not list.
                candidates.Add(pattern);
            }

            foreach (var relative in candidates.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                SyncOne(relative);
            }
        }

        return new JsonObject
        {
            ["copied"] = new JsonArray([.. _copied.Select(p => (JsonNode)p)]),
            ["kept"] = new JsonArray([.. _kept.Select(p => (JsonNode)p)]),
            ["refused"] = new JsonArray([.. _refused.Select(r => (JsonNode)new JsonObject { ["path"] = r.Key, ["reason"] = r.Value })]),
        };
    }

    private void SyncOne(string relative)
    {
        if (!_seen.Add(relative))
        {
            return;
        }

        var from = source.Resolve(relative);
        var to = target.Resolve(relative);
        // The backup's way is checked like the file's: a link at <name>.forge-backup must not lead out.
        var backup = target.Resolve(relative + ".forge-backup");
        if (from is null || to is null || backup is null)
        {
            _refused[relative] = Refusals.SymlinkEscapesHome;
            return;
        }

        if (source.Read(from) is not { } file)
        {
            return;
        }

        if (PrivateKeyName().IsMatch("/" + relative))
        {
            _refused[relative] = Refusals.PrivateKeyName;
            return;
        }

        if (PemPrivateKey().IsMatch(file.Content))
        {
            _refused[relative] = Refusals.PrivateKeyContent;
            return;
        }

        if (target.IsFolder(to) || target.IsFolder(backup))
        {
            _refused[relative] = Refusals.NotARegularFile;
            return;
        }

        Place(relative, to, backup, file);
    }

    private void Place(string relative, string to, string backup, DotfileCopy file)
    {
        var existing = target.Read(to);
        if (existing is null)
        {
            target.Write(to, file);
            _copied.Add(relative);
        }
        else if (existing.Content == file.Content)
        {
            _kept.Add(relative);
        }
        else if (file.Modified > existing.Modified)
        {
            target.Write(backup, existing);
            target.Write(to, file);
            _copied.Add(relative);
        }
        else
        {
            target.Write(backup, file);
            _kept.Add(relative);
        }
    }

    [GeneratedRegex(@"/\.ssh/id_[^/]*$")]
    private static partial Regex PrivateKeyName();

    [GeneratedRegex(@"-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----")]
    private static partial Regex PemPrivateKey();
}
