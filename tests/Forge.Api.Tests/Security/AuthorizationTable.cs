namespace Forge.Api.Tests.Security;

/// <summary>Who calls: the columns of the authorization matrix.</summary>
public enum Caller
{
    Anonymous,

    /// <summary>The developer who owns the target (team <c>Engineering</c>).</summary>
    Owner,

    /// <summary>A developer of the same team who does not own it: teams alone give a developer nothing.</summary>
    OtherDeveloper,

    /// <summary>The team lead of <c>Engineering</c>, the owner's team.</summary>
    SameTeamLead,

    /// <summary>The team lead of <c>Sales</c>.</summary>
    OtherTeamLead,

    /// <summary>The team lead of <c>Platform Engineering</c>: a team name is one exact string, not words to match.</summary>
    SpacedTeamLead,

    Admin,
}

/// <summary>What a row's request acts on.</summary>
public enum Target
{
    /// <summary>Nothing in particular (a list, a catalog, an anonymous endpoint).</summary>
    None,

    /// <summary>The owner's ready workspace with its mounted user volume, shared by every caller: requests on it change nothing that matters.</summary>
    SharedReady,

    /// <summary>A ready workspace of its own for every caller allowed to act (the action changes it); the rest try a decoy of the owner's team.</summary>
    FreshReady,

    /// <summary>As <see cref="FreshReady"/>, stopped.</summary>
    FreshStopped,
}

/// <summary>A resource a list answer shows or hides, for rows whose authorization is in the content rather than the status.</summary>
public enum Shows
{
    Nothing,
    SharedWorkspace,
    SharedVolume,
    EngineeringSecret,
}

/// <summary>One endpoint's row: the request and the status each caller gets (and, for lists, who sees the owner's resource).</summary>
public sealed record AuthorizationRow(string Method, string Pattern, Target Target, IReadOnlyDictionary<Caller, int> Status,
    Shows Shows = Shows.Nothing, IReadOnlyList<Caller>? SeenBy = null, string? Body = null, string? Query = null, string Why = "")
{
    public override string ToString() => $"{Method} {Pattern}";
}

/// <summary>
/// The expected answer of every endpoint to every kind of caller. A new endpoint must be added here, or
/// the matrix test fails: authorization is decided for each endpoint on purpose, never by default.
/// </summary>
public static class AuthorizationTable
{
    private const string CreateBody = """{"blueprint":"backend","operatingSystem":"linux"}""";
    private const string BlueprintBody =
        """{"description":"Matrix probe.","operatingSystems":{"linux":{"defaultBundle":"Standard with Amazon Linux 2","allowedBundles":[]}}}""";

    // Before Rows, which reads it as the type is initialised.
    private static readonly string[] PageMethods = ["GET", "POST"];

    public static readonly IReadOnlyList<AuthorizationRow> Rows =
    [
        // Anonymous on purpose: probes and tooling that run before anyone has a token.
        Everyone("*", "/healthz", 200, "liveness probe of the orchestrator"),
        Everyone("*", "/readyz", 200, "readiness probe of the orchestrator"),
        // Issue 14 item 12 makes these configurable and moves them off the public listener in production;
        // in the test configuration they stay where they are, anonymous.
        Everyone("*", "/metrics", 200, "Prometheus scrape (no per-user data)"),
        Everyone("GET", "/openapi/{documentName}.json", 200, "the API description, public by design"),
        Everyone("GET", "/scalar/{documentName?}", 200, "the API reference page, public by design"),
        Everyone("GET", "/scalar/scalar.js", 200, "the reference page's script"),
        Everyone("GET", "/scalar/scalar.aspnetcore.js", 200, "the reference page's script"),
        Everyone("GET", "/scalar/favicon.svg", 200, "the reference page's icon"),
        // Local mode only (Auth:DevTokens:Enabled, refused against real AWS): how a local caller gets a token at all.
        // Asked before a client has any token: says how to get one (no secret in it).
        Everyone("GET", "/api/v1/auth/config", 200, "how clients sign in"),
        Everyone("POST", "/api/v1/dev/tokens", 200, "mints local-mode tokens", body: """{"user":"matrix-probe"}"""),

        Row("GET", "/api/v1/audit", Target.None, anonymous: 401, owner: 403, otherDeveloper: 403, sameTeamLead: 403, otherTeamLead: 403, spacedTeamLead: 403, admin: 200),
        Row("GET", "/api/v1/notifications", Target.None, anonymous: 401, owner: 403, otherDeveloper: 403, sameTeamLead: 403, otherTeamLead: 403, spacedTeamLead: 403, admin: 200),
        Row("GET", "/api/v1/metrics/provisioning", Target.None, anonymous: 401, owner: 403, otherDeveloper: 403, sameTeamLead: 200, otherTeamLead: 200, spacedTeamLead: 200, admin: 200),
        // Orphan WorkSpaces are admins' alone; the probe names a WorkSpace that is no orphan (404 for an admin).
        Row("GET", "/api/v1/admin/orphans/", Target.None, anonymous: 401, owner: 403, otherDeveloper: 403, sameTeamLead: 403, otherTeamLead: 403, spacedTeamLead: 403, admin: 200),
        Row("POST", "/api/v1/admin/orphans/{workspaceId}/keep", Target.None, anonymous: 401, owner: 403, otherDeveloper: 403, sameTeamLead: 403, otherTeamLead: 403, spacedTeamLead: 403, admin: 404),
        Row("POST", "/api/v1/admin/orphans/{workspaceId}/adopt", Target.None, anonymous: 401, owner: 403, otherDeveloper: 403, sameTeamLead: 403, otherTeamLead: 403, spacedTeamLead: 403, admin: 404),
        // Warm pools are for admins; the matrix's Forge keeps none, so an admin's change finds no pool.
        Row("GET", "/api/v1/pools/", Target.None, anonymous: 401, owner: 403, otherDeveloper: 403, sameTeamLead: 403, otherTeamLead: 403, spacedTeamLead: 403, admin: 200),
        Row("PATCH", "/api/v1/pools/{blueprint}/{os}/{region}", Target.None, anonymous: 401, owner: 403, otherDeveloper: 403, sameTeamLead: 403, otherTeamLead: 403,
            spacedTeamLead: 403, admin: 404, body: """{"paused":true}"""),
        Row("GET", "/api/v1/pools/{blueprint}/{os}/{region}/reservations", Target.None, anonymous: 401, owner: 403, otherDeveloper: 403, sameTeamLead: 403,
            otherTeamLead: 403, spacedTeamLead: 403, admin: 404),
        Row("POST", "/api/v1/pools/{blueprint}/{os}/{region}/reservations", Target.None, anonymous: 401, owner: 403, otherDeveloper: 403, sameTeamLead: 403,
            otherTeamLead: 403, spacedTeamLead: 403, admin: 404, body: """{"at":"2026-03-03T09:00:00Z","count":10}"""),
        Row("DELETE", "/api/v1/pools/{blueprint}/{os}/{region}/reservations/{id:guid}", Target.None, anonymous: 401, owner: 403, otherDeveloper: 403,
            sameTeamLead: 403, otherTeamLead: 403, spacedTeamLead: 403, admin: 404),
        Row("GET", "/api/v1/alerts", Target.None, anonymous: 401, owner: 403, otherDeveloper: 403, sameTeamLead: 403, otherTeamLead: 403, spacedTeamLead: 403, admin: 200),
        // Each caller's own notice preferences: nobody else's can be named.
        Row("GET", "/api/v1/me/notifications/", Target.None, anonymous: 401, owner: 200, otherDeveloper: 200, sameTeamLead: 200, otherTeamLead: 200, spacedTeamLead: 200, admin: 200),
        Row("PUT", "/api/v1/me/notifications/", Target.None, anonymous: 401, owner: 200, otherDeveloper: 200, sameTeamLead: 200, otherTeamLead: 200, spacedTeamLead: 200, admin: 200,
            body: """{"email":"probe@example.com","timeZone":"UTC"}"""),
        Row("GET", "/api/v1/regions", Target.None, anonymous: 401, owner: 200, otherDeveloper: 200, sameTeamLead: 200, otherTeamLead: 200, spacedTeamLead: 200, admin: 200),
        Row("GET", "/api/v1/blueprints/", Target.None, anonymous: 401, owner: 200, otherDeveloper: 200, sameTeamLead: 200, otherTeamLead: 200, spacedTeamLead: 200, admin: 200),
        Row("PUT", "/api/v1/blueprints/{name}", Target.None, anonymous: 401, owner: 403, otherDeveloper: 403, sameTeamLead: 403, otherTeamLead: 403, spacedTeamLead: 403, admin: 200,
            body: BlueprintBody),
        Row("POST", "/api/v1/workspaces/", Target.None, anonymous: 401, owner: 202, otherDeveloper: 202, sameTeamLead: 202, otherTeamLead: 202, spacedTeamLead: 202, admin: 202,
            body: CreateBody),
        Row("GET", "/api/v1/workspaces/", Target.None, anonymous: 401, owner: 200, otherDeveloper: 200, sameTeamLead: 200, otherTeamLead: 200, spacedTeamLead: 200, admin: 200)
            with { Shows = Shows.SharedWorkspace, SeenBy = [Caller.Owner, Caller.SameTeamLead, Caller.Admin] },
        Row("GET", "/api/v1/workspaces/{id:guid}", Target.SharedReady, anonymous: 401, owner: 200, otherDeveloper: 404, sameTeamLead: 200, otherTeamLead: 404, spacedTeamLead: 404, admin: 200),
        Row("GET", "/api/v1/workspaces/{id:guid}/events", Target.SharedReady, anonymous: 401, owner: 200, otherDeveloper: 404, sameTeamLead: 200, otherTeamLead: 404, spacedTeamLead: 404, admin: 200),
        Row("PUT", "/api/v1/workspaces/{id:guid}/keep-alive", Target.SharedReady, anonymous: 401, owner: 200, otherDeveloper: 404, sameTeamLead: 200, otherTeamLead: 404, spacedTeamLead: 404, admin: 200,
            body: """{"enabled":true}"""),
        // Only the owner signs in to a workstation, and only to a pool-built one (this one was built for them: 409); whoever
        // else can see it (their lead, an admin) is refused.
        Row("POST", "/api/v1/workspaces/{id:guid}/sign-in", Target.SharedReady, anonymous: 401, owner: 409, otherDeveloper: 404, sameTeamLead: 403, otherTeamLead: 404,
            spacedTeamLead: 404, admin: 403),
        Row("POST", "/api/v1/workspaces/{id:guid}/dotfiles/sync", Target.SharedReady, anonymous: 401, owner: 202, otherDeveloper: 404, sameTeamLead: 202, otherTeamLead: 404, spacedTeamLead: 404, admin: 202),
        Row("POST", "/api/v1/workspaces/{id:guid}/stop", Target.FreshReady, anonymous: 401, owner: 202, otherDeveloper: 404, sameTeamLead: 202, otherTeamLead: 404, spacedTeamLead: 404, admin: 202),
        Row("POST", "/api/v1/workspaces/{id:guid}/reboot", Target.FreshReady, anonymous: 401, owner: 202, otherDeveloper: 404, sameTeamLead: 202, otherTeamLead: 404, spacedTeamLead: 404, admin: 202),
        Row("POST", "/api/v1/workspaces/{id:guid}/start", Target.FreshStopped, anonymous: 401, owner: 202, otherDeveloper: 404, sameTeamLead: 202, otherTeamLead: 404, spacedTeamLead: 404, admin: 202),
        Row("DELETE", "/api/v1/workspaces/{id:guid}", Target.FreshReady, anonymous: 401, owner: 202, otherDeveloper: 404, sameTeamLead: 202, otherTeamLead: 404, spacedTeamLead: 404, admin: 202),

        // A home volume is its owner's (and admins'): team leads see their team's workspaces, not their files.
        Row("GET", "/api/v1/volumes/", Target.None, anonymous: 401, owner: 200, otherDeveloper: 200, sameTeamLead: 200, otherTeamLead: 200, spacedTeamLead: 200, admin: 200)
            with { Shows = Shows.SharedVolume, SeenBy = [Caller.Owner, Caller.Admin] },
        // Confirmed, but the volume is mounted: 409 for those allowed to delete it, 404 for everyone else.
        Row("DELETE", "/api/v1/volumes/{id:guid}", Target.SharedReady, anonymous: 401, owner: 409, otherDeveloper: 404, sameTeamLead: 404, otherTeamLead: 404, spacedTeamLead: 404, admin: 409,
            query: "confirm={volume}"),

        // Each caller sees the secrets of their own teams: Engineering's, not Platform Engineering's lead.
        Row("GET", "/api/v1/secrets", Target.None, anonymous: 401, owner: 200, otherDeveloper: 200, sameTeamLead: 200, otherTeamLead: 200, spacedTeamLead: 200, admin: 200)
            with { Shows = Shows.EngineeringSecret, SeenBy = [Caller.Owner, Caller.OtherDeveloper, Caller.SameTeamLead] },

        // The portal (src/Forge.Api/Portal) takes its own cookie session only: a bearer token, or none, is sent to the
        // sign-in page (a 302 this client follows: 200, that page), its event stream answers 401, and a form posted without
        // its antiforgery token is refused (400). What a session sees is the API's answer to the session's token, so the
        // rows above decide it; tests/Forge.Portal.Tests checks it in a browser.
        .. PortalPages("/", "/request", "/volumes", "/secrets", "/team", "/sla", "/admin/workspaces", "/admin/audit", "/admin/alerts", "/admin/pools"),
        .. PortalPages("/workspaces/{id:guid}", "/workspaces/{id:guid}/terminate"),
        Everyone("GET", "/sign-in", 200, "the portal's sign-in page"),
        Everyone("GET", "/forbidden", 200, "the portal's page for a role a session lacks"),
        Everyone("GET", "/not-found", 200, "the portal's page for what a session may not see"),
        Everyone("POST", "/sign-in", 400, "a page's form post without its antiforgery token"),
        Everyone("POST", "/forbidden", 400, "a page's form post without its antiforgery token"),
        Everyone("POST", "/not-found", 400, "a page's form post without its antiforgery token"),
        Everyone("POST", "/sign-in/development", 400, "the development sign-in form, without its antiforgery token"),
        Everyone("POST", "/sign-out", 200, "the sign-out form: portal session only (sent to sign in)"),
        Everyone("GET", "/portal/assets/{name}", 404, "the portal's stylesheet and script (no asset of that name)"),
        Everyone("GET", "/_framework/opaque-redirect", 400, "the framework's redirect for enhanced navigation (no redirect given)"),
        Everyone("POST", "/portal/request", 200, "the portal's request form: portal session only (sent to sign in)"),
        Everyone("GET", "/portal/workspaces/{id:guid}/events", 401, "a workspace page's live progress: portal session only") with { Target = Target.SharedReady },
        .. new[] { "pause", "resume", "bounds", "reservations", "reservations/{id:guid}/delete" }.Select(action =>
            Everyone("POST", $"/portal/pools/{{blueprint}}/{{os}}/{{region}}/{action}", 200, "a portal pool form: portal session only (sent to sign in)")),
        .. new[] { "stop", "start", "reboot", "terminate", "keep-alive-on", "keep-alive-off", "sync-dotfiles" }.Select(action =>
            Everyone("POST", $"/portal/workspaces/{{id:guid}}/{action}", 200, "a portal action form: portal session only (sent to sign in)")
                with { Target = Target.SharedReady }),
    ];

    private static IEnumerable<AuthorizationRow> PortalPages(params string[] patterns) =>
        patterns.SelectMany(pattern => PageMethods.Select(method =>
            Everyone(method, pattern, 200, "a portal page: portal session only (sent to sign in)") with { Target = pattern.Contains("{id", StringComparison.Ordinal) ? Target.SharedReady : Target.None }));

    private static AuthorizationRow Row(string method, string pattern, Target target, int anonymous, int owner, int otherDeveloper, int sameTeamLead,
        int otherTeamLead, int spacedTeamLead, int admin, string? body = null, string? query = null) =>
        new(method, pattern, target, new Dictionary<Caller, int>
        {
            [Caller.Anonymous] = anonymous,
            [Caller.Owner] = owner,
            [Caller.OtherDeveloper] = otherDeveloper,
            [Caller.SameTeamLead] = sameTeamLead,
            [Caller.OtherTeamLead] = otherTeamLead,
            [Caller.SpacedTeamLead] = spacedTeamLead,
            [Caller.Admin] = admin,
        }, Body: body, Query: query);

    private static AuthorizationRow Everyone(string method, string pattern, int status, string why, string? body = null) =>
        Row(method, pattern, Target.None, status, status, status, status, status, status, status, body) with { Why = why };
}
