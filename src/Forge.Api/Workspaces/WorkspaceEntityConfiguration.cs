using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forge.Api.Workspaces;

internal sealed class WorkspaceEntityConfiguration : IEntityTypeConfiguration<Workspace>
{
    public void Configure(EntityTypeBuilder<Workspace> builder)
    {
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Id).ValueGeneratedNever();
        builder.Property(w => w.OwnerId).HasMaxLength(256);
        builder.Property(w => w.DirectoryUser).HasMaxLength(256);
        builder.Property(w => w.Blueprint).HasMaxLength(64);
        builder.Property(w => w.OperatingSystem).HasMaxLength(16);
        builder.Property(w => w.BundleId).HasMaxLength(64);
        builder.Property(w => w.Region).HasMaxLength(32);
        builder.Property(w => w.RegionReason).HasMaxLength(256);
        builder.Property(w => w.ProvisioningPath).HasMaxLength(16);
        builder.Property(w => w.DirectoryId).HasMaxLength(64);
        builder.Property(w => w.Status).HasMaxLength(16);
        builder.Property(w => w.CloudWorkspaceId).HasMaxLength(64);
        builder.Property(w => w.CloudState).HasMaxLength(32);
        builder.Property(w => w.ComputerName).HasMaxLength(64);
        builder.Property(w => w.IpAddress).HasMaxLength(64);
        builder.Property(w => w.RegistrationCode).HasMaxLength(64);
        builder.Property(w => w.ManagedInstanceId).HasMaxLength(32);
        builder.Property(w => w.IdempotencyKey).HasMaxLength(128);
        builder.Property(w => w.RequestFingerprint).HasMaxLength(64);
        builder.Property(w => w.Error).HasMaxLength(2048);
        builder.Property(w => w.Transition).HasMaxLength(32);
        builder.Property(w => w.Pool).HasMaxLength(128);
        builder.Ignore(w => w.IsUnclaimedPoolMember);
        builder.Property(w => w.Version).IsConcurrencyToken();
        builder.HasIndex(w => new { w.OwnerId, w.IdempotencyKey }).IsUnique();
        builder.HasIndex(w => w.Status);
        builder.HasIndex(w => new { w.Pool, w.ClaimedAt, w.Status }); // the claim's and the pool pass's lookups
        builder.HasMany(w => w.Steps).WithOne().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(w => w.Lifecycle).AutoInclude(); // every workspace view shows its session and lifecycle
    }
}

internal sealed class WorkspaceStepEntityConfiguration : IEntityTypeConfiguration<WorkspaceStep>
{
    public void Configure(EntityTypeBuilder<WorkspaceStep> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Name).HasMaxLength(64);
        builder.Property(s => s.Status).HasMaxLength(16);
        builder.Property(s => s.LastError).HasMaxLength(2048);
        builder.Property(s => s.CommandId).HasMaxLength(36);
        builder.HasIndex(s => new { s.WorkspaceId, s.Sequence }).IsUnique();
    }
}
