using Forge.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace Forge.Api.Auth;

/// <summary>
/// A user's teams and roles as their newest token said, refreshed by their requests
/// (<see cref="UserIdentityRecorder"/>). Team-lead visibility and secret scopes read it instead of
/// the identity a workspace was created with; past <see cref="AuthOptions.IdentityMaxAge"/> since
/// <see cref="RefreshedAt"/> it grants no team or role.
/// </summary>
public sealed class UserIdentity
{
    public required string UserId { get; set; }

    public List<string> Teams { get; set; } = [];

    public List<string> Roles { get; set; } = [];

    public required string DirectoryUser { get; set; }

    /// <summary>The e-mail address the user's newest token stated, if any: notices go there unless the user chose another.</summary>
    public string? Email { get; set; }

    /// <summary>When the token this view came from was issued: an older token never overwrites a newer one's view.</summary>
    public DateTimeOffset TokenIssuedAt { get; set; }

    /// <summary>When a request last confirmed this view.</summary>
    public DateTimeOffset RefreshedAt { get; set; }
}

internal sealed class UserIdentityEntityConfiguration : IEntityTypeConfiguration<UserIdentity>
{
    public void Configure(EntityTypeBuilder<UserIdentity> builder)
    {
        builder.HasKey(u => u.UserId);
        builder.Property(u => u.UserId).HasMaxLength(256);
        builder.Property(u => u.DirectoryUser).HasMaxLength(256);
        builder.Property(u => u.Email).HasMaxLength(320);
        // Two requests with different tokens racing: the second write fails instead of undoing a newer view.
        builder.Property(u => u.TokenIssuedAt).IsConcurrencyToken();
    }
}

/// <summary>A user's teams and roles as they count now: none when their stored view is missing or too old.</summary>
public sealed record CurrentIdentity(string UserId, IReadOnlyList<string> Teams, IReadOnlyList<string> Roles);

/// <summary>
/// The one place that answers "what are this user's teams and roles now", for secret injection and
/// rotation; <see cref="Workspaces.WorkspaceVisibility"/> asks the same of the database in its query.
/// </summary>
public sealed class CurrentIdentities(ForgeDbContext db, TimeProvider timeProvider, IOptions<AuthOptions> options)
{
    public async Task<IReadOnlyDictionary<string, CurrentIdentity>> ForAsync(IEnumerable<string> userIds, CancellationToken cancellationToken)
    {
        var ids = userIds.Distinct(StringComparer.Ordinal).ToList();
        var validAfter = timeProvider.GetUtcNow() - options.Value.IdentityMaxAge;
        var fresh = await db.UserIdentities.AsNoTracking().Where(u => ids.Contains(u.UserId) && u.RefreshedAt > validAfter)
            .ToDictionaryAsync(u => u.UserId, StringComparer.Ordinal, cancellationToken);
        return ids.ToDictionary(id => id,
            id => fresh.TryGetValue(id, out var u) ? new CurrentIdentity(id, u.Teams, u.Roles) : new CurrentIdentity(id, [], []),
            StringComparer.Ordinal);
    }

    public async Task<CurrentIdentity> ForAsync(string userId, CancellationToken cancellationToken) =>
        (await ForAsync([userId], cancellationToken))[userId];
}
