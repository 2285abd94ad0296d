using Forge.Api.Audit;
using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Auth;
using Forge.Aws;
using Forge.Aws.Fsx;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Forge.Api.Volumes;

public sealed record UserVolumeView(
    Guid Id, string Owner, string DirectoryUser, string Region, string? FsxVolumeId, string JunctionPath, string Lifecycle,
    Guid? MountedWorkspaceId, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static UserVolumeView From(UserVolume v) =>
        new(v.Id, v.OwnerId, v.DirectoryUser, v.Region, v.FsxVolumeId, v.JunctionPath, v.Lifecycle, v.MountedWorkspaceId, v.LastError,
            v.CreatedAt, v.UpdatedAt);
}

public sealed record UserVolumePage(List<UserVolumeView> Volumes);

public static class VolumesApi
{
    public static IEndpointRouteBuilder MapVolumesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/volumes").WithTags("Volumes").RequireAuthorization();
        group.MapGet("/", ListAsync).WithDescription("Your user volumes; admins see everyone's.");
        group.MapDelete("/{id:guid}", DeleteAsync)
            .WithDescription("Deletes a user volume (FSx keeps a final backup). Owner or admin; ?confirm=<the volume id> is required; refused while mounted.");
        return app;
    }

    private static async Task<Ok<UserVolumePage>> ListAsync(ForgeUser user, ForgeDbContext db, CancellationToken cancellationToken)
    {
        var query = db.UserVolumes.AsNoTracking();
        query = user.IsAdmin ? query : query.Where(v => v.OwnerId == user.Id);
        var volumes = await query.OrderBy(v => v.OwnerId).ThenBy(v => v.Region).ToListAsync(cancellationToken);
        return TypedResults.Ok(new UserVolumePage([.. volumes.Select(UserVolumeView.From)]));
    }

    /// <summary>
    /// Deleting a home is never implied by anything else: the caller repeats the id in <c>confirm</c>
    /// (400 otherwise), the volume must not be mounted (409), and every attempt is audited.
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, string? confirm, HttpContext http, ForgeUser user,
        ForgeDbContext db, FsxClient fsx, AuditLog audit, CancellationToken cancellationToken)
    {
        var volume = await db.UserVolumes.SingleOrDefaultAsync(v => v.Id == id && (user.IsAdmin || v.OwnerId == user.Id), cancellationToken);
        if (volume is null)
        {
            return Problems.NotFound("user volume");
        }

        var correlationId = CorrelationId.Of(http);
        if (!string.Equals(confirm, id.ToString(), StringComparison.OrdinalIgnoreCase))
        {
            audit.Stage(user.Id, "volume.delete", id.ToString(), AuditOutcome.Rejected, correlationId, "not confirmed");
            await db.SaveChangesAsync(cancellationToken);
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Confirmation required.",
                detail: $"Deleting a user volume destroys the user's files: repeat its id as ?confirm={id}.");
        }

        if (volume.MountedWorkspaceId is { } mounted)
        {
            audit.Stage(user.Id, "volume.delete", id.ToString(), AuditOutcome.Rejected, correlationId, $"mounted into {mounted}");
            await db.SaveChangesAsync(cancellationToken);
            return Problems.Conflict($"The volume is mounted into the workspace {mounted}; stop or terminate it first.");
        }

        if (volume.FsxVolumeId is { } fsxVolumeId)
        {
            try
            {
                await fsx.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = fsxVolumeId, ClientRequestToken = "forge-del-" + id.ToString("N") },
                    volume.Region, cancellationToken);
            }
            catch (AwsServiceException e) when (e.ErrorCode != FsxErrorCodes.VolumeNotFound)
            {
                audit.Stage(user.Id, "volume.delete", id.ToString(), AuditOutcome.Failed, correlationId, e.ErrorCode);
                await db.SaveChangesAsync(CancellationToken.None);
                return TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "FSx refused the delete.", detail: e.Message);
            }
        }

        db.UserVolumes.Remove(volume);
        audit.Stage(user.Id, "volume.delete", id.ToString(), AuditOutcome.Succeeded, correlationId,
            $"owner {volume.OwnerId}, region {volume.Region}, FSx volume {volume.FsxVolumeId}");
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
