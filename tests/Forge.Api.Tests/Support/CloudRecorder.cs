using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Forge.Api.Workspaces;

namespace Forge.Api.Tests.Support;

/// <summary>
/// Watches Forge's calls to the cloud at the HTTP seam, shared by every Forge process of a test:
/// counts answered CreateWorkspaces calls per Forge id (from the tag Forge puts on every WorkSpace), and can
/// hang a process right after a CreateWorkspaces answer — the cloud made the WorkSpace, Forge has
/// not recorded it: exactly the moment a crash hurts most.
/// </summary>
public sealed class CloudRecorder
{
    private readonly ConcurrentDictionary<Guid, int> _creates = new();

    /// <summary>While set, processes hang after each CreateWorkspaces answer until cancelled (killed).</summary>
    public TaskCompletionSource? HangAfterCreate { get; set; }

    public int CreateCalls(Guid forgeId) => _creates.GetValueOrDefault(forgeId);

    public int TotalCreateCalls => _creates.Values.Sum();

    internal DelegatingHandler Handler() => new RecordingHandler(this);

    private sealed class RecordingHandler(CloudRecorder recorder) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var isCreate = request.Headers.TryGetValues("X-Amz-Target", out var targets) && targets.Contains("WorkspacesService.CreateWorkspaces");
            var body = isCreate && request.Content is not null ? JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken)) : null;
            var response = await base.SendAsync(request, cancellationToken);
            if (!isCreate)
            {
                return response;
            }

            // Counted once answered: a call cut off before the cloud saw it made nothing.
            foreach (var tag in body?["Workspaces"]?.AsArray().SelectMany(w => w?["Tags"]?.AsArray() ?? []) ?? [])
            {
                if (tag?["Key"]?.GetValue<string>() == AwsWorkspaceCloud.ForgeIdTag && Guid.TryParse(tag["Value"]?.GetValue<string>(), out var id))
                {
                    recorder._creates.AddOrUpdate(id, 1, (_, n) => n + 1);
                }
            }

            if (recorder.HangAfterCreate is { } hang)
            {
                await hang.Task.WaitAsync(cancellationToken);
            }

            return response;
        }
    }
}
