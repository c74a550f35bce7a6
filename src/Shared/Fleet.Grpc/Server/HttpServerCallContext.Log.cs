using Microsoft.Extensions.Logging;

namespace Fleet.Grpc.Server;

internal sealed partial class HttpServerCallContext
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "gRPC handler for {Method} threw an exception.")]
    private static partial void LogHandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "gRPC call {Method} ended with {StatusCode}: {Detail}")]
    private static partial void LogRpcError(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "gRPC call {Method} exceeded its deadline.")]
    private static partial void LogDeadlineExceeded(ILogger logger, string method);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "gRPC call {Method} was cancelled by the client.")]
    private static partial void LogClientCancelled(ILogger logger, string method);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "gRPC call {Method} used unsupported grpc-encoding '{Encoding}'.")]
    private static partial void LogUnsupportedEncoding(ILogger logger, string method, string encoding);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "gRPC call {Method} sent an invalid grpc-timeout '{Timeout}'; ignoring it.")]
    private static partial void LogInvalidTimeout(ILogger logger, string method, string timeout);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "gRPC call {Method}: the status could not be sent.")]
    private static partial void LogStatusNotSent(ILogger logger, string method, Exception exception);
}
