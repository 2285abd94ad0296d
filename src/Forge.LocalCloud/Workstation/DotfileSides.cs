using Forge.LocalCloud.Fsx;
using Forge.LocalCloud.Machines;

namespace Forge.LocalCloud.Workstation;

/// <summary>A file's text and modification time, whichever side it lives on.</summary>
internal sealed record DotfileCopy(string Content, DateTimeOffset Modified);

/// <summary>One end of a dotfile sync: the home folder or the volume's per-user folder.</summary>
internal interface IDotfileSide
{
    /// <summary>Every path this side has, relative to its root (links included).</summary>
    IEnumerable<string> Names { get; }

    /// <summary>Where <paramref name="relative"/> really is after following links; null when that is outside the root.</summary>
    string? Resolve(string relative);

    /// <summary>The regular file at a resolved path, or null.</summary>
    DotfileCopy? Read(string resolved);

    void Write(string resolved, DotfileCopy file);

    /// <summary>True when a resolved path is a folder: some file lives below it.</summary>
    bool IsFolder(string resolved);
}

/// <summary>The machine's home folder. Use under the machine's lock.</summary>
internal sealed class HomeSide(Machine machine) : IDotfileSide
{
    public IEnumerable<string> Names => machine.HomeFiles.Keys;

    public string? Resolve(string relative) => HomeLinks.Resolve(machine.HomeFiles, relative);

    public DotfileCopy? Read(string resolved) =>
        machine.HomeFiles.GetValueOrDefault(resolved) is { SymlinkTarget: null } file ? new DotfileCopy(file.Content, file.Modified) : null;

    // Copies keep their modification time (cp --preserve=timestamps), so "newest wins" stays true next time.
    public void Write(string resolved, DotfileCopy file) => machine.HomeFiles[resolved] = new MachineFile(file.Content, file.Modified);

    public bool IsFolder(string resolved) => machine.HomeFiles.Keys.Any(k => k.StartsWith(resolved + "/", StringComparison.Ordinal));
}

/// <summary>The user's dotfiles folder on the FSx volume; volumes have no links.</summary>
internal sealed class VolumeSide(FsxVolume volume, string folder) : IDotfileSide
{
    public IEnumerable<string> Names =>
        volume.ListFiles().Keys.Where(k => k.StartsWith(folder, StringComparison.Ordinal)).Select(k => k[folder.Length..]);

    public string? Resolve(string relative) => relative;

    public DotfileCopy? Read(string resolved) =>
        volume.ReadFile(folder + resolved) is { } file ? new DotfileCopy(file.Content, file.Modified) : null;

    public void Write(string resolved, DotfileCopy file) => volume.WriteFile(folder + resolved, file.Content, file.Modified);

    public bool IsFolder(string resolved) => volume.ListFiles().Keys.Any(k => k.StartsWith(folder + resolved + "/", StringComparison.Ordinal));
}
