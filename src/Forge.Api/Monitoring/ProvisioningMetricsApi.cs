using System.Globalization;
using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Forge.Api.Monitoring;

public static class ProvisioningMetricsApi
{
    /// <summary>At most this many buckets in one series.</summary>
    public const int MaxBuckets = 1000;

    public static IEndpointRouteBuilder MapProvisioningMetricsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/metrics").WithTags("Metrics").RequireAuthorization()
            .MapGet("/provisioning", GetAsync)
            .WithDescription("Provisioning figures over requests finished in [from, to): count, success rate, SLA compliance, exact p50/p95/p99 "
                + "and max of time to ready (nearest rank, ready requests only), and a series in buckets. Team leads see their teams', admins all.");
        return app;
    }

    /// <summary>
    /// <c>from</c>/<c>to</c>: ISO 8601 times (default: the 24 hours up to and including now); <c>bucket</c>: <c>30s</c>, <c>5m</c>, <c>1h</c>,
    /// <c>1d</c> or <c>hh:mm:ss</c> (default 1 hour, 1 day for windows over 7 days), at most <see cref="MaxBuckets"/> in the window;
    /// <c>blueprint</c>, <c>region</c>, <c>path</c> filter.
    /// </summary>
    private static async Task<Results<Ok<ProvisioningSummary>, ProblemHttpResult>> GetAsync(
        ForgeUser user, IServiceScopeFactory scopes, ForgeDbContext db, TimeProvider timeProvider, IOptions<SlaOptions> sla,
        string? from, string? to, string? bucket, string? blueprint, string? region, string? path, CancellationToken cancellationToken)
    {
        if (!user.IsAdmin && !user.IsTeamLead)
        {
            return Problems.Forbidden("Provisioning metrics are for team leads and admins.");
        }

        // Unset, the window ends just after now (times are stored to the microsecond): a request finished this instant is in it.
        if (!TryTime(to, StoredTime.Truncate(timeProvider.GetUtcNow()) + TimeSpan.FromMicroseconds(1), out var end))
        {
            return JsonBody.Invalid("to", "to must be an ISO 8601 time with an offset, e.g. 2026-03-02T09:00:00Z.");
        }

        if (!TryTime(from, end - TimeSpan.FromDays(1), out var start))
        {
            return JsonBody.Invalid("from", "from must be an ISO 8601 time with an offset, e.g. 2026-03-01T09:00:00Z.");
        }

        if (start >= end)
        {
            return JsonBody.Invalid("from", "from must be before to.");
        }

        var defaultBucket = end - start > TimeSpan.FromDays(7) ? TimeSpan.FromDays(1) : TimeSpan.FromHours(1);
        if (!TryBucket(bucket, defaultBucket, out var width))
        {
            return JsonBody.Invalid("bucket", "bucket must be a positive duration of whole seconds: 30s, 5m, 1h, 1d or hh:mm:ss.");
        }

        if ((end - start) / width > MaxBuckets)
        {
            return JsonBody.Invalid("bucket", $"bucket {width} cuts the window into more than {MaxBuckets} buckets; choose a wider one.");
        }

        // Checked by form, not against today's configuration: the records keep blueprints and regions since retired.
        blueprint = Blank(blueprint);
        if (blueprint is not null && !Blueprints.BlueprintRules.IsName(blueprint))
        {
            return JsonBody.Invalid("blueprint", "A blueprint name is 1 to 64 lower case letters, digits or dashes.");
        }

        region = Blank(region);
        if (region is not null && !IsRegionCode(region))
        {
            return JsonBody.Invalid("region", "A region is a code of at most 32 lower case letters, digits or dashes, e.g. eu-west-1.");
        }

        if (path is not null && !ProvisioningPaths.All.Contains(path))
        {
            return JsonBody.Invalid("path", $"Unknown path '{path}'; one of: {string.Join(", ", ProvisioningPaths.All)}.");
        }

        var query = new ProvisioningQuery(start, end, width, blueprint, region, path,
            user.Id, user.IsAdmin ? null : user.Teams, sla.Value.Target);
        return TypedResults.Ok(await ProvisioningSummaryQuery.RunAsync(db, scopes, query, cancellationToken));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static bool IsRegionCode(string region) =>
        region.Length <= 32 && region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private static bool TryTime(string? text, DateTimeOffset fallback, out DateTimeOffset value)
    {
        if (text is null)
        {
            value = fallback;
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    /// <summary>Parses <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c> or a <see cref="TimeSpan"/> (<c>hh:mm:ss</c>); whole seconds, positive.</summary>
    internal static bool TryBucket(string? text, TimeSpan fallback, out TimeSpan value)
    {
        value = fallback;
        if (text is null)
        {
            return true;
        }

        TimeSpan? parsed = text.Length > 1 && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n is > 0 and <= 36500
            ? text[^1] switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                _ => null,
            }
            : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : null;
        if (parsed is not { } width || width < TimeSpan.FromSeconds(1) || width.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            return false;
        }

        value = width;
        return true;
    }
}
