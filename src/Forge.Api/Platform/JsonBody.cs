using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Forge.Api.Platform;

/// <summary>
/// Reads a JSON request body strictly: a JSON content type (415 otherwise), bounded size, no unknown
/// members, and every problem reported as a 400 problem naming the offending field (its JSON path).
/// </summary>
public static class JsonBody
{
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        var services = request.HttpContext.RequestServices;
        var limit = services.GetRequiredService<IOptions<HttpSurfaceOptions>>().Value.MaxRequestBodyBytes;
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        // A body read as JSON must say it is JSON: a text/plain or form post is refused, as model binding would.
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                ["Content-Type"] = ["The request body must be sent as application/json."],
            })
            {
                Status = StatusCodes.Status415UnsupportedMediaType,
                Title = "The request body is not JSON.",
            }));
        }

        if (request.ContentLength > limit)
        {
            return (null, TooLarge(limit));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return (null, TooLarge(limit));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, Invalid("$", "A JSON request body is required."));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), json);
            return value is null ? (null, Invalid("$", "The request body must be a JSON object.")) : (value, null);
        }
        catch (JsonException e)
        {
            // The serializer's message names the member and position; the path is the field.
            return (null, Invalid(string.IsNullOrEmpty(e.Path) ? "$" : e.Path, e.Message));
        }
    }

    public static ProblemHttpResult Invalid(string field, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request body is not valid.",
        });

    private static ProblemHttpResult TooLarge(int limit) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            ["$"] = [$"The request body is larger than {limit} bytes."],
        })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request body is too large.",
        });
}
