using System.Net;

namespace Fleet.Grpc.Client;

/// <summary>
/// Request content for client- and duplex-streaming calls: hands the request stream to the writer and keeps
/// the body open until the writer completes it, so messages are pushed while the response flows back.
/// </summary>
internal sealed class PushStreamContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<Stream> StreamTask => _stream.Task;

    /// <summary>Ends the request body (END_STREAM).</summary>
    public void Complete() => _completed.TrySetResult();

    /// <summary>The call is over: release a writer waiting for the stream, and end the body — cleanly, or with
    /// <paramref name="reset"/> by failing it so the handler resets the HTTP/2 stream instead of sending END_STREAM.</summary>
    public void Abort(bool reset)
    {
        _stream.TrySetCanceled();
        if (reset)
        {
            _completed.TrySetCanceled();
        }
        else
        {
            _completed.TrySetResult();
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _stream.TrySetResult(stream);
        // The handler cancels this when the response ends first; the body then simply ends.
        await using var registration = cancellationToken.Register(static s => ((TaskCompletionSource)s!).TrySetResult(), _completed).ConfigureAwait(false);
        await _completed.Task.ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
