using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace Fleet.Grpc.Client;

internal sealed partial class GrpcCall<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "gRPC call {Method} finished with {StatusCode}: {Detail}")]
    private static partial void LogCallFinished(ILogger logger, string method, StatusCode statusCode, string detail);
}
