using Forge.Api.Audit;
using Forge.Api.Auth;
using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Workspaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Forge.Api.Pools;

/// <summary>What the owner of a pool-built workstation signs in with: its pool identity and that identity's password.</summary>
public sealed record SignInView(string UserName, string Password, string DirectoryId, string? RegistrationCode)
{
    public override string ToString() => $"SignInView {{ UserName = {UserName}, Password = (redacted) }}";
}

/// <summary>
/// <c>POST /api/v1/workspaces/{id}/sign-in</c>: the credential of a claimed pool member's identity, for its owner
/// alone. Anyone who cannot see the workspace gets 404; one who can but is not its owner (a team lead, an admin)
/// gets 403: nobody signs in as someone else. Every reveal and refusal is audited, the password never: it is read
/// from its Secrets Manager secret for the answer only, which no cache may keep.
/// </summary>
public static class PoolSignIn
{
    public static async Task<Results<Ok<SignInView>, ProblemHttpResult>> RevealAsync(Guid id, HttpContext http, ForgeUser user, ForgeDbContext db,
        PoolIdentityDirectory identities, AuditLog audit, CancellationToken cancellationToken)
    {
        var workspace = await db.Workspaces.AsNoTracking().IgnoreAutoIncludes().VisibleTo(user, db.UserIdentities)
            .SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (workspace is null)
        {
            return Problems.NotFound("workspace");
        }

        var refusal = workspace.OwnerId != user.Id ? Problems.Forbidden("Only the owner of a workstation can read how to sign in to it.")
            : workspace.Pool is null ? Problems.Conflict($"This workstation was built for your own directory user {workspace.DirectoryUser}: sign in with your own password.")
            : workspace.Status is WorkspaceStatus.Terminating or WorkspaceStatus.Terminated or WorkspaceStatus.Failed
                ? Problems.Conflict($"The workstation is {workspace.Status}: its sign-in is retired.")
            : null;
        var credential = refusal is null ? await identities.RevealAsync(PoolIdentities.Of(workspace), cancellationToken) : null;
        if (refusal is null && credential is null)
        {
            // The claim's bind step stores it: until then there is nothing to reveal.
            refusal = Problems.Conflict("The workstation's identity is not bound to you yet; try again once it is ready.");
        }

        audit.Stage(user.Id, "workspace.sign-in", id.ToString(), refusal is null ? AuditOutcome.Succeeded : AuditOutcome.Rejected, CorrelationId.Of(http),
            refusal is null ? $"revealed the credential of {workspace.DirectoryUser}" : refusal.ProblemDetails.Detail);
        await db.SaveChangesAsync(cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new SignInView(credential!.UserName, credential.Password, workspace.DirectoryId, workspace.RegistrationCode));
    }

}
