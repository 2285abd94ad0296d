// A real OpenID provider (oidc-provider) on loopback for the forge login test and the portal's sign-in: the device
// authorization grant for the public client forge-cli, the authorization code flow with PKCE for the public client
// forge-portal, JWT access tokens for the audience forge carrying the user's teams and roles, refresh tokens with
// offline_access. Sign-in is oidc-provider's own development login form (any login, any password), which
// the test fills in as a person would in a browser. Usage: node provider.mjs PORT; prints "listening" when ready.
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const issuer = `http://127.0.0.1:${port}`;
const identities = {
  alice: { teams: ['Engineering'], roles: ['developer'] },
};

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'forge-cli',
    token_endpoint_auth_method: 'none',
    grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
    response_types: [],
    redirect_uris: [],
  }, {
    // The web portal (tests/Forge.Portal.Tests): authorization code with PKCE as a public client. A native client's
    // loopback redirect URI matches on any port (RFC 8252 7.3), so the test's Forge may listen wherever it is given.
    client_id: 'forge-portal',
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: ['http://127.0.0.1/signin-oidc'],
    // oidc-provider requires PKCE (S256) of every public client: a sign-in without it is refused.
  }],
  scopes: ['openid', 'offline_access'],
  features: {
    devInteractions: { enabled: true },
    deviceFlow: { enabled: true },
    resourceIndicators: {
      enabled: true,
      // The API as a resource indicator (an absolute URI, RFC 8707); its tokens name the audience Forge expects.
      defaultResource: () => 'urn:forge:api',
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({ scope: 'forge', audience: 'forge', accessTokenTTL: 3600, accessTokenFormat: 'jwt' }),
    },
  },
  findAccount: (ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
  extraTokenClaims: (ctx, token) => (token.accountId && identities[token.accountId]) || {},
});
provider.proxy = false;
provider.listen(port, '127.0.0.1', () => console.log('listening'));
