using Forge.Api.Persistence;

namespace Forge.Api.Audit;

public static class AuditOutcome
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

/// <summary>
/// Appends audit entries to the unit of work of the change they describe: the entry is saved in
/// the same transaction as the change, so there is never a change without its entry.
/// </summary>
public sealed class AuditLog(ForgeDbContext db, TimeProvider timeProvider)
{
    public const string SystemActor = "forge";

    public void Stage(string actor, string action, string target, string outcome, string? correlationId, string? detail = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = timeProvider.GetUtcNow(),
            Actor = actor,
            Action = action,
            Target = target,
            Outcome = outcome,
            CorrelationId = correlationId,
            Detail = detail is { Length: > 2048 } ? detail[..2048] : detail,
        });
}
