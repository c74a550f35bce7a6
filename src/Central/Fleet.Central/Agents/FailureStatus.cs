using Fleet.Central.Common;
using Fleet.Grpc;

namespace Fleet.Central.Agents;

/// <summary>Maps service failures to gRPC status codes; the message travels as grpc-message.</summary>
internal static class FailureStatus
{
    public static RpcException ToRpcException(this Failure failure) => new(new Status(failure.Kind switch
    {
        FailureKind.InvalidArgument => StatusCode.InvalidArgument,
        FailureKind.Unauthenticated => StatusCode.Unauthenticated,
        FailureKind.PermissionDenied => StatusCode.PermissionDenied,
        FailureKind.FailedPrecondition => StatusCode.FailedPrecondition,
        FailureKind.NotFound => StatusCode.NotFound,
        FailureKind.Conflict => StatusCode.AlreadyExists,
        _ => StatusCode.Internal,
    }, failure.Message));

    /// <summary>The value, or the failure thrown as the RpcException the runtime turns into a status.</summary>
    public static T OrThrow<T>(this Outcome<T> outcome) =>
        outcome.Succeeded ? outcome.Value : throw outcome.Failure.ToRpcException();
}
