using Forge.Api.Dotfiles;
using Refusals = Forge.Aws.Ssm.ForgeDocuments.SyncRefusals;

namespace Forge.Api.Tests.Dotfiles;

public sealed class DotfilePolicyTests
{
    public static TheoryData<string, string?, string?, string?> Paths => new()
    {
        // path, symlink target, content, expected refusal (null: allowed)
        { ".gitconfig", null, "[user]\n\tname = Alice", null },
        { ".ssh/config", null, "Host *\n  IdentityFile ~/.ssh/id_ed25519", null },
        { ".aws/credentials", null, "[default]\naws_access_key_id = AKIA", null },
        { "../.gitconfig", null, null, Refusals.ParentDirectory },
        { ".config/../../etc/passwd", null, null, Refusals.ParentDirectory },
        { "/etc/passwd", null, null, Refusals.AbsolutePath },
        { "~/.bashrc", null, null, Refusals.AbsolutePath },
        { "C:/Users/alice/.gitconfig", null, null, Refusals.AbsolutePath },
        { "", null, null, Refusals.AbsolutePath },
        { ".ssh/id_rsa", null, null, Refusals.PrivateKeyName },
        { ".ssh/id_ed25519.pub", null, null, Refusals.PrivateKeyName },
        { "work/.ssh/id_ecdsa", null, null, Refusals.PrivateKeyName },
        { ".vimrc", "/etc/passwd", null, Refusals.SymlinkEscapesHome },
        { ".vimrc", "../../etc/passwd", null, Refusals.SymlinkEscapesHome },
        { ".config/nvim/init.vim", "../../../outside", null, Refusals.SymlinkEscapesHome },
        { ".vimrc", "dotfiles/vimrc", null, null },
        { ".config/vimrc", "../dotfiles/vimrc", null, null },
        { ".aws/config", null, "-----BEGIN RSA PRIVATE KEY-----\nMIIE...", Refusals.PrivateKeyContent },
        { ".bashrc", null, "-----BEGIN OPENSSH PRIVATE KEY-----", Refusals.PrivateKeyContent },
        { ".bashrc", null, "-----BEGIN PUBLIC KEY-----", null },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void Decides_each_path(string path, string? symlinkTarget, string? content, string? refusal)
    {
        var decision = DotfilePolicy.Decide(path, symlinkTarget, content);

        Assert.Equal(refusal is null, decision.Allowed);
        Assert.Equal(refusal, decision.Reason);
    }

    [Theory]
    [InlineData(".tmux.conf", null)]
    [InlineData(".config/git/*", null)]
    [InlineData(".ssh/known_hosts", null)]
    [InlineData(".ssh/*", Refusals.PrivateKeyName)]
    [InlineData(".ssh/id_*", Refusals.PrivateKeyName)]
    [InlineData("**", Refusals.PrivateKeyName)]
    [InlineData(".ss?/id_rsa", Refusals.PrivateKeyName)]
    [InlineData("../shared/.bashrc", Refusals.ParentDirectory)]
    [InlineData("/etc/profile", Refusals.AbsolutePath)]
    public void Judges_configured_patterns(string pattern, string? refusal) =>
        Assert.Equal(refusal, DotfilePolicy.PatternRefusal(pattern));

    [Fact]
    public void The_default_set_is_allowed_and_the_options_refuse_bad_extra_patterns()
    {
        Assert.All(DotfilePolicy.DefaultPatterns, p => Assert.Null(DotfilePolicy.PatternRefusal(p)));
        var validator = new DotfileOptionsValidator();

        var ok = validator.Validate(null, new DotfileOptions { ExtraPatterns = [".tmux.conf"] });
        var refused = validator.Validate(null, new DotfileOptions { ExtraPatterns = [".tmux.conf", "../x", "/etc/hosts", ".ssh/*"] });

        Assert.True(ok.Succeeded);
        Assert.True(refused.Failed);
        Assert.Equal(3, refused.Failures!.Count());
    }
}
