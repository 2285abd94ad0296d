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
            if (FirstMemberWithNul(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) is { } field)
            {
                return (null, Invalid(field, TextWithNul));
            }

            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), json);
            return value is null ? (null, Invalid("$", "The request body must be a JSON object.")) : (value, null);
        }
        catch (JsonException e)
        {
            // The serializer's message names the member and position; the path is the field.
            return (null, Invalid(string.IsNullOrEmpty(e.Path) ? "$" : e.Path, e.Message));
        }
    }

    /// <summary>
    /// A 400 problem when a query value holds a NUL character, which no text column stores (PostgreSQL refuses
    /// it), so it can match nothing and must not reach a query; null when none does.
    /// </summary>
    public static ProblemHttpResult? RefuseNul(params (string Name, string? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var bad = parameters.FirstOrDefault(p => p.Value?.Contains('\0', StringComparison.Ordinal) == true);
        return bad.Name is null ? null : Invalid(bad.Name, TextWithNul);
    }

    public static ProblemHttpResult Invalid(string field, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request body is not valid.",
        });

    private const string TextWithNul = "Text must not contain NUL characters.";

    // The member (as a JSON path's last name) whose name or string value holds a NUL (\u0000); null when none
    // does or the JSON is broken (the deserializer then reports it).
    private static string? FirstMemberWithNul(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 64 });
        var member = "$";
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String && reader.ValueIsEscaped
                    && reader.GetString()!.Contains('\0', StringComparison.Ordinal))
                {
                    return reader.TokenType == JsonTokenType.PropertyName ? "$" : member;
                }

                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    member = "$." + reader.GetString();
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null; // broken JSON or invalid UTF-8 (GetString refuses to transcode it)
        }

        return null;
    }

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
