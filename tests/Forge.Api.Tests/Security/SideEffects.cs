using System.Collections.Concurrent;
using Forge.Api.Audit;
using Forge.Api.Persistence;
using Forge.Aws.Protocols;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.Api.Tests.Security;

/// <summary>
/// Every call a Forge process sends to the cloud, any service, seen at the HTTP seam all AWS clients share.
/// An operation is named by its <c>X-Amz-Target</c> (JSON protocols) or its <c>Action</c> (query protocol).
/// </summary>
public sealed class CloudCalls
{
    private readonly ConcurrentQueue<string> _operations = new();

    public IReadOnlyList<string> Operations => [.. _operations];

    public int Count => _operations.Count;

    /// <summary>Wires the counter into a Forge process: pass to <c>StartForge(services: ...)</c>.</summary>
    public void AddTo(IServiceCollection services) =>
        services.AddHttpClient(nameof(AwsTransport)).AddHttpMessageHandler(() => new Counting(this));

    /// <summary>Reads change nothing: Describe*, List*, Get*.</summary>
    public static bool IsRead(string operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var name = operation[(operation.LastIndexOf('.') + 1)..];
        return name.StartsWith("Describe", StringComparison.Ordinal) || name.StartsWith("List", StringComparison.Ordinal)
            || name.StartsWith("Get", StringComparison.Ordinal);
    }

    private sealed class Counting(CloudCalls calls) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var operation = request.Headers.TryGetValues("X-Amz-Target", out var targets) ? targets.First() : null;
            if (operation is null && request.Content is not null)
            {
                var form = await request.Content.ReadAsStringAsync(cancellationToken);
                operation = form.Split('&').Select(Uri.UnescapeDataString).FirstOrDefault(p => p.StartsWith("Action=", StringComparison.Ordinal))?[7..];
            }

            calls._operations.Enqueue(operation ?? $"{request.Method} {request.RequestUri?.AbsolutePath}");
            return await base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>The row count of every table Forge keeps, and the newest audit entry: taken before and after a request.</summary>
public sealed record DatabaseSnapshot(IReadOnlyDictionary<string, long> Rows, long LastAuditId)
{
    public static async Task<DatabaseSnapshot> TakeAsync(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        // Every table the model maps, so a table added later is watched without anyone listing it; one query for all.
        var sql = db.GetService<ISqlGenerationHelper>();
        var counts = string.Join(" UNION ALL ", db.Model.GetEntityTypes()
            .Where(e => !e.IsOwned() && e.GetTableName() is not null)
            .Select(e => (e.GetTableName()!, e.GetSchema()))
            .Distinct()
            .Select(t => $"SELECT '{t.Item1}' AS \"Table\", COUNT(*) AS \"Rows\" FROM {sql.DelimitIdentifier(t.Item1, t.Item2)}"));
        var rows = (await db.Database.SqlQueryRaw<TableRows>(counts).ToListAsync()).ToDictionary(r => r.Table, r => r.Rows, StringComparer.Ordinal);
        var last = await db.AuditEntries.MaxAsync(a => (long?)a.Id) ?? 0;
        return new DatabaseSnapshot(rows, last);
    }

    /// <summary>
    /// What changed since this snapshot, empty when nothing did. One change is not a write:
    /// an audit entry recording a refused attempt, which Forge keeps on purpose (who tried what).
    /// </summary>
    public async Task<List<string>> ChangesSinceAsync(IServiceProvider services)
    {
        var after = await TakeAsync(services);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        var auditTable = db.Model.FindEntityType(typeof(AuditEntry))!.GetTableName();
        var changes = after.Rows.Where(r => r.Value != Rows.GetValueOrDefault(r.Key) && r.Key != auditTable)
            .Select(r => $"{r.Key}: {Rows.GetValueOrDefault(r.Key)} -> {r.Value}").ToList();
        var added = await db.AuditEntries.AsNoTracking().Where(a => a.Id > LastAuditId).ToListAsync();
        changes.AddRange(added.Where(a => a.Outcome != AuditOutcome.Rejected)
            .Select(a => $"audit entry {a.Action} {a.Outcome} on {a.Target}"));
        return changes;
    }

    private sealed record TableRows(string Table, long Rows);
}
