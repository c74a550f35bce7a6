using Google.Protobuf;

namespace Fleet.Grpc.Client;

internal sealed class ClientStreamWriter<TRequest, TResponse>(GrpcCall<TRequest, TResponse> call) : IClientStreamWriter<TRequest>
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    public Task WriteAsync(TRequest message, CancellationToken cancellationToken = default) => call.WriteRequestAsync(message, cancellationToken);

    public Task CompleteAsync() => call.CompleteRequestAsync();
}
