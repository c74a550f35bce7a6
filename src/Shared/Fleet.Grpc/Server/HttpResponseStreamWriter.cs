using Fleet.Grpc.Framing;
using Google.Protobuf;

namespace Fleet.Grpc.Server;

/// <summary>Writes response messages to the HTTP/2 response body, one flushed frame each.</summary>
internal sealed class HttpResponseStreamWriter<T>(HttpServerCallContext call) : IServerStreamWriter<T>
    where T : class, IMessage<T>
{
    private int _writing;

    public async Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (call.IsComplete)
        {
            throw new InvalidOperationException("Can't write a message: the call is complete.");
        }

        if (Interlocked.Exchange(ref _writing, 1) == 1)
        {
            throw new InvalidOperationException("Can't write a message while a previous write is in progress.");
        }

        try
        {
            using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call.CancellationToken) : null;
            var token = linked?.Token ?? call.CancellationToken;
            token.ThrowIfCancellationRequested();
            try
            {
                await MessageWriter.WriteAsync(call.GetHttpContext().Response.Body, message, call.WriteFraming, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && token.IsCancellationRequested)
            {
                throw new OperationCanceledException("The call was cancelled.", ex, token);
            }
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
    }
}
