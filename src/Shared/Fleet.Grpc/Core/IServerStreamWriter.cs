namespace Fleet.Grpc;

/// <summary>Writes messages to a stream; every message is flushed to the peer before the task completes.</summary>
public interface IServerStreamWriter<in T>
{
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}
