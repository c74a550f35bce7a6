using Fleet.Grpc.Framing;
using Google.Protobuf;

namespace Fleet.Grpc.Server;

/// <summary>Reads request messages from the HTTP/2 request body.</summary>
internal sealed class HttpRequestStreamReader<T>(HttpServerCallContext call, MessageParser<T> parser) : IAsyncStreamReader<T>
    where T : class, IMessage<T>
{
    private T? _current;
    private int _reading;

    public T Current => _current ?? throw new InvalidOperationException("MoveNext has not returned true.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _reading, 1) == 1)
        {
            throw new InvalidOperationException("Can't read the next message while a previous read is in progress.");
        }

        try
        {
            using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call.CancellationToken) : null;
            var token = linked?.Token ?? call.CancellationToken;
            token.ThrowIfCancellationRequested();
            try
            {
                _current = await MessageReader.ReadAsync(call.GetHttpContext().Request.Body, parser, call.ReadFraming, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && (token.IsCancellationRequested || ex is IOException))
            {
                // Kestrel reports a reset stream as an IOException, sometimes before it fires RequestAborted;
                // handlers see a plain cancellation either way.
                throw new OperationCanceledException("The call was cancelled.", ex, token);
            }

            return _current is not null;
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }
}
