using System.CommandLine;

namespace Forge.Cli;

/// <summary>The command tree: each command's options and which handler runs it.</summary>
internal static class Commands
{
    public static Command Build(CliContext context)
    {
        var server = new Option<string?>("--server")
        {
            Description = $"Forge's address (default: $FORGE_SERVER, else {Session.DefaultServer})",
            Recursive = true,
        };
        // A named command rather than RootCommand, whose name is the running executable's (testhost under a test runner).
        var root = new Command("forge", "forge: request, watch and manage your Forge workstations (Amazon WorkSpaces).\n\n" + ExitCodes.HelpText);
        root.Options.Add(new System.CommandLine.Help.HelpOption());
        root.Options.Add(new VersionOption());
        root.Options.Add(server);
        var handlers = new Handlers(context, server);

        root.Subcommands.Add(Login(handlers));
        root.Subcommands.Add(Action("logout", "Forget the token for the server", handlers.LogoutAsync));
        root.Subcommands.Add(Create(handlers));
        root.Subcommands.Add(Read("list", "Your workspaces (team leads: the team's; admins: all), newest first", handlers.ListAsync,
            new Option<string?>("--status") { Description = "Only workspaces in this status (e.g. ready, stopped)" }));
        root.Subcommands.Add(Read("show", "A workspace with its steps and connection details", handlers.ShowAsync, Id()));
        foreach (var (name, description) in new[]
        {
            ("stop", "Stop a ready workspace"), ("start", "Start a stopped workspace"), ("reboot", "Reboot a ready workspace"),
        })
        {
            root.Subcommands.Add(Action(name, description, (p, ct) => handlers.TransitionAsync(name, p, ct), Id()));
        }

        root.Subcommands.Add(Action("terminate", "Terminate a workspace (asks first unless --yes)", handlers.TerminateAsync, Id(), Yes()));
        var onOff = new Argument<string>("STATE") { Description = "Keep it running outside working hours (on) or not (off)" };
        onOff.AcceptOnlyFromAmong("on", "off");
        root.Subcommands.Add(Action("keep-alive", "Keep a workspace running (on) or let it stop when idle (off)", handlers.KeepAliveAsync, Id(), onOff));
        var dotfiles = new Command("dotfiles", "Dotfiles kept on your user volume");
        dotfiles.Subcommands.Add(Action("sync", "Save the workspace's dotfiles to your user volume now", handlers.DotfilesSyncAsync, Id()));
        root.Subcommands.Add(dotfiles);
        var volumes = Read("volumes", "Your user volumes (admins: everyone's)", handlers.VolumesAsync);
        volumes.Subcommands.Add(Action("delete", "Delete a user volume and the files on it (asks first unless --yes)", handlers.DeleteVolumeAsync, Id(), Yes()));
        root.Subcommands.Add(volumes);
        root.Subcommands.Add(Read("secrets", "The environment variables your workstations receive (names and scopes, never values)", handlers.SecretsAsync,
            new Option<string?>("--region") { Description = "The region (default: the server's default region)" }));
        root.Subcommands.Add(Action("sign-in", "Print the directory user name and password of your workstation built from a warm pool", handlers.SignInAsync, Id()));
        root.Subcommands.Add(Action("open", "Print the web client link and registration code of a ready workspace", handlers.OpenAsync, Id()));
        return root;
    }

    private static Command Login(Handlers handlers) => Action("login",
        "Sign in: with the server's OIDC authority (device code), or on a local-mode server as any --user/--team/--role",
        handlers.LoginAsync,
        new Option<string?>("--user") { Description = "Local mode: the user id (default: $USER)" },
        new Option<string[]>("--team") { Description = "Local mode: a team (repeat for several)" },
        RoleOption());

    private static Option<string[]> RoleOption()
    {
        var role = new Option<string[]>("--role") { Description = "Local mode: developer, team-lead or admin (repeat for several; default developer)" };
        role.AcceptOnlyFromAmong("developer", "team-lead", "admin");
        return role;
    }

    private static Command Create(Handlers handlers)
    {
        var os = new Option<string?>("--os") { Description = "linux or windows (asked when interactive and the blueprint offers both)" };
        os.AcceptOnlyFromAmong("linux", "windows");
        return Read("create", "Request a workspace; with --wait, follow its provisioning until it is ready or failed", handlers.CreateAsync,
            new Option<string?>("--blueprint") { Description = "The blueprint (asked when interactive)" },
            os,
            new Option<string?>("--region") { Description = "The region (default: chosen by Forge, from measured latency)" },
            new Option<bool>("--wait") { Description = "Follow provisioning step by step; exit 0 when ready, 1 when failed" },
            new Option<bool>("--no-probe") { Description = "Do not measure latency to the regions before requesting" });
    }

    private static Argument<Guid> Id() => new("ID")
    {
        Description = "The workspace (or volume) id",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Guid.TryParse(text, out var id))
            {
                return id;
            }

            result.AddError($"ID: '{text}' is not an id (ids look like 0198c3a2-7f4e-7c1d-9a55-3e0b1f2d4c6a)");
            return Guid.Empty;
        },
    };

    private static Option<bool> Yes() => new("--yes", "-y") { Description = "Do not ask for confirmation" };

    private static Command Action(string name, string description, Func<ParseResult, CancellationToken, Task<int>> handler, params Symbol[] symbols)
    {
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Option option:
                    command.Options.Add(option);
                    break;
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
            }
        }

        command.SetAction(handler);
        return command;
    }

    /// <summary>A command that shows data: it takes <c>--output table|json</c>.</summary>
    private static Command Read(string name, string description, Func<ParseResult, CancellationToken, Task<int>> handler, params Symbol[] symbols)
    {
        var output = new Option<string>("--output", "-o") { Description = "table or json", DefaultValueFactory = _ => Output.Table };
        output.AcceptOnlyFromAmong(Output.Table, Output.Json);
        return Action(name, description, handler, [.. symbols, output]);
    }
}
