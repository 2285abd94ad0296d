using Mount = Forge.Aws.Ssm.ForgeDocuments.MountUserVolume;
using Sync = Forge.Aws.Ssm.ForgeDocuments.SyncDotfiles;

namespace Forge.LocalCloud.Tests.Documents;

/// <summary>
/// The Windows steps refuse a built-in or system account as the volume's owner, as the Linux scripts
/// refuse uid 0 and system uids. No PowerShell here: the check is read in the scripts' text, the same
/// function in both, called before the first action that works for the owner.
/// </summary>
public sealed class WindowsOwnerCheckTests
{
    [Theory]
    [InlineData(Mount.Name, "Assert-DirectoryUser $Owner", "New-SmbGlobalMapping -LocalPath")]
    [InlineData(Sync.Name, "Assert-DirectoryUser $owner", "Get-CimInstance Win32_UserProfile")]
    public void The_owner_is_checked_before_the_first_action_for_them(string document, string call, string firstAction)
    {
        var script = string.Join('\n', RepositoryDocuments.Commands(document, "Windows"));

        var checkedAt = script.IndexOf("\n" + call + "\n", StringComparison.Ordinal);
        Assert.True(checkedAt >= 0, $"{document} never calls {call}");
        Assert.True(checkedAt < script.IndexOf(firstAction, StringComparison.Ordinal), $"{document} checks the owner after {firstAction}");
        Assert.Equal(Function(Mount.Name), Function(document));
        Assert.Contains("-lt 1000", Function(document), StringComparison.Ordinal);
        Assert.Contains("-notlike 'S-1-5-21-*'", Function(document), StringComparison.Ordinal);
    }

    private static string Function(string document)
    {
        var lines = RepositoryDocuments.Commands(document, "Windows");
        var start = lines.FindIndex(l => l.StartsWith("function Assert-DirectoryUser(", StringComparison.Ordinal));
        Assert.True(start >= 0, $"{document} has no Assert-DirectoryUser");
        return string.Join('\n', lines.Skip(start).TakeWhile(l => l != "}"));
    }
}
