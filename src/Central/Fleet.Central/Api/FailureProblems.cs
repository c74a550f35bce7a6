using Fleet.Central.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Central.Api;

/// <summary>Maps service failures to RFC 9457 problem responses.</summary>
internal static class FailureProblems
{
    public static ProblemHttpResult ToProblem(this Failure failure) => TypedResults.Problem(
        detail: failure.Message,
        statusCode: failure.Kind switch
        {
            FailureKind.InvalidArgument => StatusCodes.Status400BadRequest,
            FailureKind.Unauthenticated => StatusCodes.Status401Unauthorized,
            FailureKind.PermissionDenied => StatusCodes.Status403Forbidden,
            FailureKind.NotFound => StatusCodes.Status404NotFound,
            FailureKind.Conflict or FailureKind.FailedPrecondition => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status500InternalServerError,
        });
}
