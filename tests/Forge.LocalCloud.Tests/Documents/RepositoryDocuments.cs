using System.Text.Json.Nodes;

namespace Forge.LocalCloud.Tests.Documents;

/// <summary>The files under <c>documents/</c> at the repository root, read from disk.</summary>
internal static class RepositoryDocuments
{
    public static string Folder { get; } = Path.Combine(FindRoot(), "documents");

    public static IReadOnlyList<string> Names { get; } =
        [.. Directory.GetFiles(Folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!];

    public static TheoryData<string> All => [.. Names];

    public static string Content(string name) => File.ReadAllText(Path.Combine(Folder, name + ".json"));

    public static JsonObject Json(string name) => JsonNode.Parse(Content(name))!.AsObject();

    /// <summary>The step that runs on <paramref name="platform"/> (Linux or Windows).</summary>
    public static JsonObject Step(string name, string platform) =>
        Json(name)["mainSteps"]!.AsArray().Single(s => (string?)s!["precondition"]?["StringEquals"]?[1] == platform)!.AsObject();

    public static List<string> Commands(string name, string platform) =>
        [.. Step(name, platform)["inputs"]!["runCommand"]!.AsArray().Select(l => (string)l!)];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Forge.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with Forge.slnx) is not above the test binaries.");
    }
}
