namespace Forge.Api.Portal;

/// <summary>The web portal served at <c>/</c> (section <c>Portal</c>).</summary>
public sealed class PortalOptions
{
    public const string SectionName = "Portal";

    /// <summary>
    /// The portal's client id at <c>Auth:Authority</c>, allowed the authorization code grant with PKCE and the redirect
    /// URI <c>https://your-forge/signin-oidc</c>. Unset (and dev tokens off), the portal's sign-in page says that sign-in
    /// is not configured. Ignored in local mode, where the portal offers the development sign-in.
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>The client's secret when the authority registered the portal as a confidential client; unset for a public client.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// The scopes the portal asks for besides <c>openid</c>; an authority that issues the <c>Auth:Audience</c> only for a
    /// scope needs it listed here. Null rather than a list default, because binding adds to a default list.
    /// </summary>
    public List<string>? Scopes { get; set; }

    /// <summary>
    /// Where the portal reaches Forge's REST API. Unset, Forge's own main listener (its first address that is not a
    /// <c>Management:Urls</c> one, a wildcard host read as loopback): the portal is a client of the API like any other.
    /// </summary>
    public Uri? ApiBaseAddress { get; set; }
}
