using Microsoft.AspNetCore.Http.HttpResults;

namespace Forge.Api.Platform;

/// <summary>The RFC 7807 answers Forge's handlers give, in one place so they read the same everywhere.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: $"No {what} with that id is visible to you.");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.", detail: detail);

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict.", detail: detail);

    public static ProblemHttpResult Unprocessable(Dictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The request cannot be carried out as given.",
        });

    public static ProblemHttpResult Unprocessable(string field, string message) =>
        Unprocessable(new Dictionary<string, string[]> { [field] = [message] });
}
