namespace Fleet.Grpc;

/// <summary>Reads a stream of messages one at a time; MoveNext returns false at the end of the stream.</summary>
public interface IAsyncStreamReader<out T>
{
    T Current { get; }

    Task<bool> MoveNext(CancellationToken cancellationToken = default);
}
