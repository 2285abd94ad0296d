using System.CommandLine;

namespace Forge.Cli;

/// <summary><c>forge sign-in ID</c>: how the owner signs in to a workstation built from a warm pool.</summary>
internal sealed partial class Handlers
{
    /// <summary>
    /// The pool identity and password the owner of a pool-built workstation signs in with. The password goes to
    /// stdout only, labelled; nothing of it is written to the config folder or anywhere else.
    /// </summary>
    public async Task<int> SignInAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var client = await ClientAsync(parse, cancellationToken);
        var id = Id(parse);
        var answer = await client.SendAsync(HttpMethod.Post, $"api/v1/workspaces/{id}/sign-in", null, cancellationToken);
        var credential = CliJson.Read<SignInCredential>(answer!.Value);
        Line($"Sign in to workspace {id} (directory {credential.DirectoryId}):");
        if (credential.RegistrationCode is { } code)
        {
            Line($"  Registration code:  {code}");
        }

        Line($"  User name:          {credential.UserName}");
        Line($"  Password:           {credential.Password}");
        Line("Keep the password to yourself; forge has not stored it. Run 'forge sign-in' again to see it again.");
        return ExitCodes.Ok;
    }
}
