using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Forge.Cli;

internal sealed partial class Handlers
{
    public async Task<int> CreateAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var client = await ClientAsync(parse, cancellationToken);
        var json = Json(parse);
        // With --output json, stdout carries only the workspace; what is said along the way goes to stderr.
        // At a terminal, following the provisioning, lines go through Spectre so they appear above the live spinner instead of through it.
        Action<string> say = json ? text => context.Error.WriteLine(text)
            : context.Interactive && parse.GetValue<bool>("--wait") ? text => context.Console.WriteLine(text)
            : Line;
        var (blueprint, os) = await ChooseBlueprintAsync(client, parse.GetValue<string?>("--blueprint"), parse.GetValue<string?>("--os"), cancellationToken);
        var region = parse.GetValue<string?>("--region");
        var hints = region is null && !parse.GetValue<bool>("--no-probe") ? await ProbeAsync(client, say, cancellationToken) : null;

        var answer = await client.SendAsync(HttpMethod.Post, "api/v1/workspaces", new CreateWorkspaceRequest(blueprint, os, region, hints), cancellationToken,
            new Dictionary<string, string> { ["Idempotency-Key"] = Guid.NewGuid().ToString() });
        var created = CliJson.Read<Workspace>(answer!.Value);
        say($"Requested workspace {created.Id}: {created.Blueprint} on {created.OperatingSystem} in {created.Region.Name} ({created.Region.Reason}).");
        if (created.FromPool)
        {
            say($"Ready-built: {created.ProvisioningPathText}; your own settings are applied to it now.");
        }
        if (!parse.GetValue<bool>("--wait"))
        {
            if (json)
            {
                await Output.WriteJsonAsync(context, answer.Value);
            }
            else
            {
                Line($"Follow it with 'forge show {created.Id}', or request with --wait.");
            }

            return ExitCodes.Ok;
        }

        var final = await new ProvisioningWatch(context, client, say).FollowAsync(created, cancellationToken);
        if (json)
        {
            await Output.WriteJsonAsync(context, await client.GetAsync($"api/v1/workspaces/{created.Id}", cancellationToken));
        }

        var took = Output.Duration((final.ReadyAt ?? final.FailedAt ?? final.UpdatedAt) - final.RequestedAt);
        if (final.Status != "ready")
        {
            throw new CliException(ExitCodes.Failed, final.Status == "failed"
                ? $"workspace {final.Id} failed after {took}: {final.Error ?? "no reason given"}"
                : $"workspace {final.Id} ended {final.Status} instead of ready");
        }

        say($"Ready after {took}.");
        if (!json)
        {
            WriteConnection(final);
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// Missing choices are asked when someone is at a terminal (from the blueprints the API offers); an operating
    /// system is implied when the blueprint offers only one. Otherwise what is missing is left to the API to name.
    /// </summary>
    private async Task<(string? Blueprint, string? Os)> ChooseBlueprintAsync(ForgeClient client, string? blueprint, string? os, CancellationToken cancellationToken)
    {
        if (blueprint is not null && os is not null)
        {
            return (blueprint, os);
        }

        var catalog = await client.GetAsync<List<Blueprint>>("api/v1/blueprints", cancellationToken);
        if (blueprint is null && context.Interactive && catalog.Count > 0)
        {
            blueprint = await context.Console.PromptAsync(new SelectionPrompt<string>().Title("Blueprint:")
                .AddChoices(catalog.Select(b => b.Name)), cancellationToken);
        }

        var offered = catalog.FirstOrDefault(b => b.Name == blueprint)?.OperatingSystems.Select(o => o.Name).ToList() ?? [];
        if (os is null && offered.Count == 1)
        {
            os = offered[0];
        }
        else if (os is null && offered.Count > 1 && context.Interactive)
        {
            os = await context.Console.PromptAsync(new SelectionPrompt<string>().Title("Operating system:").AddChoices(offered), cancellationToken);
        }

        return (blueprint, os);
    }

    /// <summary>Latency to each enabled region, for Forge's region choice; none when no region answered (offline).</summary>
    private async Task<Dictionary<string, int>?> ProbeAsync(ForgeClient client, Action<string> say, CancellationToken cancellationToken)
    {
        var regions = await client.GetAsync<List<Region>>("api/v1/regions", cancellationToken);
        var measured = await context.Probe.MeasureAsync([.. regions.Select(r => r.Name)], cancellationToken);
        if (measured.Count == 0)
        {
            say("Latency probe: no region answered (offline?); Forge chooses without it.");
            return null;
        }

        say("Latency: " + string.Join(", ", measured.OrderBy(m => m.Value).ThenBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => $"{m.Key} {m.Value.ToString(CultureInfo.InvariantCulture)} ms")));
        return new Dictionary<string, int>(measured, StringComparer.Ordinal);
    }
}

public sealed record BlueprintOperatingSystem(string Name, string DefaultBundle, List<string> AllowedBundles);

public sealed record Blueprint(string Name, string Description, List<BlueprintOperatingSystem> OperatingSystems);

/// <summary>
/// Follows a workspace's event stream until it is at rest, saying when each step starts and how it ends with the time
/// since the request (from the server's clock). Each step is reported as first seen and once finished, so the lines
/// are the same however the events were batched. A dropped stream is opened again while the workspace is still busy.
/// With a terminal, a spinner shows the current step and the time elapsed.
/// </summary>
internal sealed class ProvisioningWatch(CliContext context, ForgeClient client, Action<string> say)
{
    private static readonly TimeSpan SpinnerRefresh = TimeSpan.FromMilliseconds(250);
    private readonly HashSet<int> _started = [];
    private readonly HashSet<int> _finished = [];
    private string _current = "waiting for the first step";

    public async Task<Workspace> FollowAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (!context.Interactive)
        {
            return await ReadUntilAtRestAsync(workspace, cancellationToken);
        }

        var began = context.Time.GetTimestamp();
        return await context.Console.Status().Spinner(Spinner.Known.Dots).StartAsync("Provisioning", async status =>
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var ticker = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    status.Status($"{Markup.Escape(_current)} ({Output.Duration(context.Time.GetElapsedTime(began))})");
                    await Task.Delay(SpinnerRefresh, context.Time, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }, CancellationToken.None);
            try
            {
                return await ReadUntilAtRestAsync(workspace, cancellationToken);
            }
            finally
            {
                await stop.CancelAsync();
                await ticker;
            }
        });
    }

    private async Task<Workspace> ReadUntilAtRestAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                using var response = await client.OpenStreamAsync($"api/v1/workspaces/{workspace.Id}/events", cancellationToken);
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                await foreach (var e in ServerSentEvents.ReadAsync(body, cancellationToken))
                {
                    if (e.Type == "step" && JsonSerializer.Deserialize<WorkspaceStep>(e.Data, CliJson.Options) is { } step)
                    {
                        Report(workspace.RequestedAt, step);
                    }
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                // The stream was cut (a proxy's idle timeout, a server restart): read the workspace and open it again.
            }

            var now = await client.GetAsync<Workspace>($"api/v1/workspaces/{workspace.Id}", cancellationToken);
            if (!now.IsTransitional)
            {
                // Steps that changed after the stream's last read (it ends as soon as the workspace is at rest).
                foreach (var step in now.Steps)
                {
                    Report(workspace.RequestedAt, step);
                }

                return now;
            }
        }
    }

    private void Report(DateTimeOffset requestedAt, WorkspaceStep step)
    {
        if (_started.Add(step.Sequence))
        {
            say($"  [+{Output.Duration(step.StartedAt - requestedAt)}] {step.Name} started");
            _current = step.Name;
        }

        if (step.Status == "running" || !_finished.Add(step.Sequence))
        {
            return;
        }

        var ended = (step.CompletedAt ?? step.UpdatedAt) - requestedAt;
        say($"  [+{Output.Duration(ended)}] {step.Name} {step.Status}" + (step.LastError is { } error && step.Status != "succeeded" ? $": {error}" : "")
            + (step.Attempts > 1 ? $" (after {step.Attempts} attempts)" : ""));
    }
}
