using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Forge.Api.Workspaces;

/// <summary>
/// The open event streams of this process, counted per user and in total, so one client (or many)
/// cannot hold an unbounded number of connections and database pollers:
/// <see cref="WorkspaceOptions.MaxEventStreamsPerUser"/> and <see cref="WorkspaceOptions.MaxEventStreams"/>.
/// </summary>
public sealed class WorkspaceEventStreams(IOptions<WorkspaceOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _perUser = new(StringComparer.Ordinal);
    private int _total;

    /// <summary>A place for one more stream of <paramref name="userId"/>, given back when disposed; or the 429 saying which cap is reached.</summary>
    public (IDisposable? Place, ProblemHttpResult? Refusal) TryOpen(string userId)
    {
        var limits = options.Value;
        lock (_gate)
        {
            if (_total >= limits.MaxEventStreams)
            {
                return (null, TooMany($"This server already holds {_total} open event streams, the most it takes (Workspaces:MaxEventStreams)."));
            }

            var mine = _perUser.GetValueOrDefault(userId);
            if (mine >= limits.MaxEventStreamsPerUser)
            {
                return (null, TooMany($"You already have {mine} open event streams, the most one user may hold (Workspaces:MaxEventStreamsPerUser)."));
            }

            _perUser[userId] = mine + 1;
            _total++;
        }

        return (new Place(this, userId), null);
    }

    private void Close(string userId)
    {
        lock (_gate)
        {
            _total--;
            if (--_perUser[userId] == 0)
            {
                _perUser.Remove(userId);
            }
        }
    }

    private static ProblemHttpResult TooMany(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many event streams.", detail: detail);

    private sealed class Place(WorkspaceEventStreams streams, string userId) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                streams.Close(userId);
            }
        }
    }
}
