using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Forge.Api.Cloud;
using Forge.Api.Workspaces;

namespace Forge.Api.Tests.Support;

/// <summary>
/// Watches Forge's calls to the cloud at the HTTP seam, shared by every Forge process of a test:
/// counts answered CreateWorkspaces calls per Forge id (from the tag Forge puts on every WorkSpace) and the
/// ids of each DescribeWorkspaces-by-id call, and can
/// hang a process right after a CreateWorkspaces answer — the cloud made the WorkSpace, Forge has
/// not recorded it: exactly the moment a crash hurts most.
/// </summary>
public sealed class CloudRecorder
{
    private readonly ConcurrentDictionary<Guid, int> _creates = new();
    private readonly ConcurrentQueue<int> _describeBatches = new();
    private readonly ConcurrentQueue<int> _createBatches = new();
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _refusals = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Document, string? Version)> _commands = new();

    /// <summary>While set, processes hang after each CreateWorkspaces answer until cancelled (killed).</summary>
    public TaskCompletionSource? HangAfterCreate { get; set; }

    public int CreateCalls(Guid forgeId) => _creates.GetValueOrDefault(forgeId);

    public int TotalCreateCalls => _creates.Values.Sum();

    /// <summary>How many WorkSpaces each answered CreateWorkspaces call asked for, in order.</summary>
    public IReadOnlyList<int> CreateBatches => [.. _createBatches];

    /// <summary>How many WorkSpace ids each DescribeWorkspaces-by-id call asked for, in order.</summary>
    public IReadOnlyList<int> DescribeByIdBatches => [.. _describeBatches];

    /// <summary>
    /// Answered calls of one operation (<c>WorkspacesService.StopWorkspaces</c>), or SSM commands sent with
    /// one document (<c>SendCommand:Forge-JoinDomain</c>), by every process of the test.
    /// </summary>
    public int Calls(string operation) => _calls.GetValueOrDefault(operation);

    /// <summary>Calls of one operation (<c>AmazonSSM.GetCommandInvocation</c>) the cloud refused with one error code, by every process of the test.</summary>
    public int Refusals(string operation, string errorCode) => _refusals.GetValueOrDefault($"{operation} {errorCode}");

    /// <summary>Every SSM command answered, in order: its document and the version it named (null: none).</summary>
    public IReadOnlyList<(string Document, string? Version)> CommandsSent => [.. _commands];

    internal DelegatingHandler Handler() => new RecordingHandler(this);

    private sealed class RecordingHandler(CloudRecorder recorder) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = request.Headers.TryGetValues("X-Amz-Target", out var targets) ? targets.FirstOrDefault() : null;
            var isCreate = target == "WorkspacesService.CreateWorkspaces";
            var isCommand = target == "AmazonSSM.SendCommand";
            var body = (isCreate || isCommand || target == "WorkspacesService.DescribeWorkspaces") && request.Content is not null
                ? JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken))
                : null;
            if (body?["WorkspaceIds"] is JsonArray ids)
            {
                recorder._describeBatches.Enqueue(ids.Count);
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode && target is not null && response.Headers.TryGetValues("x-amzn-ErrorType", out var codes))
            {
                recorder._refusals.AddOrUpdate($"{target} {codes.First()}", 1, (_, n) => n + 1);
            }

            if (response.IsSuccessStatusCode && target is not null)
            {
                recorder._calls.AddOrUpdate(isCommand ? $"SendCommand:{body?["DocumentName"]}" : target, 1, (_, n) => n + 1);
                if (isCommand)
                {
                    recorder._commands.Enqueue(((string?)body?["DocumentName"] ?? "", (string?)body?["DocumentVersion"]));
                }
            }

            if (!isCreate)
            {
                return response;
            }

            // Counted once answered: a call cut off before the cloud saw it made nothing.
            recorder._createBatches.Enqueue(body?["Workspaces"]?.AsArray().Count ?? 0);
            foreach (var tag in body?["Workspaces"]?.AsArray().SelectMany(w => w?["Tags"]?.AsArray() ?? []) ?? [])
            {
                if (tag?["Key"]?.GetValue<string>() == AwsWorkspaceCloud.ForgeIdTag && Guid.TryParse(tag["Value"]?.GetValue<string>(), out var id))
                {
                    recorder._creates.AddOrUpdate(id, 1, (_, n) => n + 1);
                }
            }

            if (recorder.HangAfterCreate is { } hang)
            {
                // Held by the test until it kills the process: the run waits, it is not busy.
                using var waiting = Forge.Api.Jobs.JobQuiescence.CurrentWork?.BeginWait();
                await hang.Task.WaitAsync(cancellationToken);
            }

            return response;
        }
    }
}
