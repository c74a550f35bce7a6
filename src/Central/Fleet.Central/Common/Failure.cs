namespace Fleet.Central.Common;

/// <summary>Why an operation was refused. Transport adapters map the kind to a gRPC status or an HTTP
/// problem; the message is written for the caller (an operator reading an agent log) and is sent as is.</summary>
public enum FailureKind
{
    InvalidArgument,
    Unauthenticated,
    PermissionDenied,
    FailedPrecondition,
    NotFound,
    Conflict,
}

public sealed record Failure(FailureKind Kind, string Message)
{
    public static Failure Invalid(string message) => new(FailureKind.InvalidArgument, message);
    public static Failure Unauthenticated(string message) => new(FailureKind.Unauthenticated, message);
    public static Failure PermissionDenied(string message) => new(FailureKind.PermissionDenied, message);
    public static Failure FailedPrecondition(string message) => new(FailureKind.FailedPrecondition, message);
    public static Failure NotFound(string message) => new(FailureKind.NotFound, message);
}
