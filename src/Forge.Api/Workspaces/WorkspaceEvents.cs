using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Workspaces;

/// <summary>
/// <c>GET /api/v1/workspaces/{id}/events</c>: the workspace's status and each step change as
/// server-sent events, woken by in-process changes with a slow backup poll for other replicas.
/// The stream ends once the workspace is at rest, or as soon as the caller may no longer see it:
/// visibility is checked again before every event. Open streams are capped (<see cref="WorkspaceEventStreams"/>).
/// </summary>
public static class WorkspaceEvents
{
    private static readonly TimeSpan BackupPoll = TimeSpan.FromSeconds(2);

    public static async Task<Results<ServerSentEventsResult<string>, ProblemHttpResult>> StreamAsync(
        Guid id, HttpContext http, ForgeUser user, ForgeDbContext db, WorkspaceChanges changes, WorkspaceEventStreams streams,
        TimeProvider timeProvider, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        if (!await db.Workspaces.VisibleTo(user, db.UserIdentities).AnyAsync(w => w.Id == id, cancellationToken))
        {
            return Problems.NotFound("workspace");
        }

        var (place, refusal) = streams.TryOpen(user.Id);
        if (refusal is not null)
        {
            return refusal;
        }

        // Given back when the response ends, however it ends (the stream finishing or the client going away).
        http.Response.RegisterForDispose(place!);
        return TypedResults.ServerSentEvents(Events(id, user, db, changes, timeProvider, json.Value.SerializerOptions, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<string>> Events(Guid id, ForgeUser user, ForgeDbContext db, WorkspaceChanges changes,
        TimeProvider timeProvider, JsonSerializerOptions json, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? lastStatus = null;
        var sent = new Dictionary<int, WorkspaceStepView>();
        while (!cancellationToken.IsCancellationRequested)
        {
            var wake = changes.Current;
            // Read as the caller: handed to someone else, or the caller's access gone, the stream ends here.
            var workspace = await db.Workspaces.AsNoTracking().VisibleTo(user, db.UserIdentities).Include(w => w.Steps).SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
            if (workspace is null)
            {
                yield break;
            }

            var view = WorkspaceView.From(workspace);
            foreach (var step in view.Steps.Where(s => !sent.TryGetValue(s.Sequence, out var before) || before != s))
            {
                sent[step.Sequence] = step;
                yield return new SseItem<string>(JsonSerializer.Serialize(step, json), "step");
            }

            if (view.Status != lastStatus)
            {
                lastStatus = view.Status;
                yield return new SseItem<string>(JsonSerializer.Serialize(new { view.Id, view.Status, view.Error, view.CloudWorkspaceId }, json), "status");
            }

            if (!WorkspaceStatus.IsTransitional(view.Status))
            {
                yield break;
            }

            await Pulse.WaitAsync(wake, BackupPoll, timeProvider, cancellationToken);
        }
    }
}
