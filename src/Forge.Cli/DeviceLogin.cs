using System.Net.Http.Json;
using System.Text.Json;

namespace Forge.Cli;

/// <summary>
/// OAuth 2.0 device authorization grant (RFC 8628) against the server's authority: the endpoints come from
/// the authority's discovery document; the user opens the verification address and enters the code while
/// the command polls the token endpoint at the interval the authority asks, slower after each
/// <c>slow_down</c>, until approved, denied or expired.
/// </summary>
public static class DeviceLogin
{
    private const string DeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SlowDownStep = TimeSpan.FromSeconds(5);

    public static async Task<CachedToken> LoginAsync(CliContext context, Uri server, AuthConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(config);
        if (config.Authority is not { Length: > 0 } authority || config.ClientId is not { Length: > 0 } clientId)
        {
            throw new CliException(ExitCodes.Auth,
                $"{TokenCache.Normalize(server)} names no authority and command-line client to sign in with (its Auth:Authority and Auth:CliClientId)");
        }

        using var http = new HttpClient(context.Handler(), disposeHandler: true);
        var discovery = await ReadAsync(http, new HttpRequestMessage(HttpMethod.Get, authority.TrimEnd('/') + "/.well-known/openid-configuration"),
            "the authority's discovery document", cancellationToken);
        var deviceEndpoint = Text(discovery, "device_authorization_endpoint")
            ?? throw new CliException(ExitCodes.Auth, $"{authority} does not offer the device authorization grant (no device_authorization_endpoint)");
        var tokenEndpoint = Text(discovery, "token_endpoint")
            ?? throw new CliException(ExitCodes.Auth, $"{authority} names no token_endpoint");

        var device = await ReadAsync(http, Form(deviceEndpoint, new()
        {
            ["client_id"] = clientId,
            ["scope"] = string.Join(' ', config.Scopes),
        }), "the device authorization request", cancellationToken);
        var deviceCode = Text(device, "device_code") ?? throw new CliException(ExitCodes.Auth, "the authority answered without a device_code");
        var userCode = Text(device, "user_code") ?? throw new CliException(ExitCodes.Auth, "the authority answered without a user_code");
        var verification = Text(device, "verification_uri_complete") ?? Text(device, "verification_uri")
            ?? throw new CliException(ExitCodes.Auth, "the authority answered without a verification_uri");
        var interval = device.TryGetProperty("interval", out var i) && i.TryGetInt32(out var seconds) ? TimeSpan.FromSeconds(seconds) : DefaultInterval;
        var expiresAt = context.Time.GetUtcNow() + (device.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var life)
            ? TimeSpan.FromSeconds(life) : TimeSpan.FromMinutes(10));

        await context.Error.WriteLineAsync($"To sign in, open {verification} and enter the code {userCode}");
        while (context.Time.GetUtcNow() < expiresAt)
        {
            await Task.Delay(interval, context.Time, cancellationToken);
            using var response = await http.SendAsync(Form(tokenEndpoint, new()
            {
                ["grant_type"] = DeviceCodeGrant,
                ["device_code"] = deviceCode,
                ["client_id"] = clientId,
            }), cancellationToken);
            var body = await BodyAsync(response, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return Token(context, server, body, tokenEndpoint, clientId, null);
            }

            switch (Text(body, "error"))
            {
                case "authorization_pending":
                    continue;
                case "slow_down":
                    interval += SlowDownStep;
                    continue;
                case "access_denied":
                    throw new CliException(ExitCodes.Auth, "sign-in was denied at the authority");
                case "expired_token":
                    throw new CliException(ExitCodes.Auth, "the sign-in code expired before it was approved: run 'forge login' again");
                default:
                    throw new CliException(ExitCodes.Auth, $"the authority refused the sign-in: {Describe(body, response)}");
            }
        }

        throw new CliException(ExitCodes.Auth, "the sign-in code expired before it was approved: run 'forge login' again");
    }

    /// <summary>Renews an expired access token with its refresh token (RFC 6749 section 6).</summary>
    public static async Task<CachedToken> RefreshAsync(CliContext context, CachedToken token, Uri tokenEndpoint, string clientId, string refreshToken,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(token);
        using var http = new HttpClient(context.Handler(), disposeHandler: true);
        using var response = await http.SendAsync(Form(tokenEndpoint.ToString(), new()
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = clientId,
        }), cancellationToken);
        var body = await BodyAsync(response, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new CliException(ExitCodes.Auth, $"your sign-in to {token.Server} expired and could not be renewed: run 'forge login'");
        }

        return Token(context, new Uri(token.Server), body, tokenEndpoint.ToString(), clientId, refreshToken);
    }

    private static CachedToken Token(CliContext context, Uri server, JsonElement body, string tokenEndpoint, string clientId, string? previousRefresh)
    {
        var access = Text(body, "access_token") ?? throw new CliException(ExitCodes.Auth, "the authority answered without an access_token");
        var expires = body.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds)
            ? context.Time.GetUtcNow() + TimeSpan.FromSeconds(seconds)
            : Session.ExpiryOf(access);
        return new CachedToken(TokenCache.Normalize(server), access, expires, Text(body, "refresh_token") ?? previousRefresh, tokenEndpoint, clientId);
    }

    private static HttpRequestMessage Form(string endpoint, Dictionary<string, string> fields) =>
        new(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(fields) };

    private static async Task<JsonElement> ReadAsync(HttpClient http, HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        using (request)
        {
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw new CliException(ExitCodes.Auth, $"cannot reach {request.RequestUri}: {e.Message}");
            }

            using (response)
            {
                var body = await BodyAsync(response, cancellationToken);
                return response.IsSuccessStatusCode ? body
                    : throw new CliException(ExitCodes.Auth, $"{what} failed: {Describe(body, response)}");
            }
        }
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static string Describe(JsonElement body, HttpResponseMessage response) =>
        Text(body, "error_description") ?? Text(body, "error") ?? $"{(int)response.StatusCode} {response.ReasonPhrase}";

    private static string? Text(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
