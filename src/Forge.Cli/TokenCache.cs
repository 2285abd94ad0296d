using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Forge.Cli;

/// <summary>A signed-in session for one server: the access token, and for OIDC what renews it.</summary>
public sealed record CachedToken(string Server, string AccessToken, DateTimeOffset? ExpiresAt, string? RefreshToken = null,
    string? TokenEndpoint = null, string? ClientId = null);

/// <summary>
/// Tokens kept per server in <c>&lt;config&gt;/tokens/</c>, one file each, readable and writable by the user
/// only (0600, folder 0700): a token is a credential. Written whole and moved in place.
/// </summary>
public sealed class TokenCache(string configDirectory)
{
    public string Folder { get; } = Path.Combine(configDirectory, "tokens");

    /// <summary>The file for a server: named by a hash of its address, which may hold characters no file name can.</summary>
    public string PathFor(Uri server) =>
        Path.Combine(Folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(server))))[..24] + ".json");

    public CachedToken? Read(Uri server)
    {
        var path = PathFor(server);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var token = JsonSerializer.Deserialize<CachedToken>(File.ReadAllText(path), CliJson.Options);
            return token?.Server == Normalize(server) ? token : null;
        }
        catch (JsonException)
        {
            return null; // A damaged file is as good as none: signing in again writes a new one.
        }
    }

    public void Write(CachedToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var server = new Uri(token.Server);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Folder);
        }
        else
        {
            Directory.CreateDirectory(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var path = PathFor(server);
        var scratch = $"{path}.{Guid.NewGuid():N}";
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(scratch, create))
        {
            writer.Write(JsonSerializer.Serialize(token with { Server = Normalize(server) }, CliJson.Options));
        }

        File.Move(scratch, path, overwrite: true);
    }

    /// <summary>Forgets the server's token; false when there was none.</summary>
    public bool Delete(Uri server)
    {
        var path = PathFor(server);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    public static string Normalize(Uri server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return server.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }
}
