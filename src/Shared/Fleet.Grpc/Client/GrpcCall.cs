using System.Net;
using System.Net.Http.Headers;
using Fleet.Grpc.Compression;
using Fleet.Grpc.Framing;
using Google.Protobuf;

namespace Fleet.Grpc.Client;

/// <summary>
/// One client call on one HTTP/2 stream. The first final status wins: received from the server, or set
/// locally by the deadline timer, a cancellation or a protocol error (which also resets the stream).
/// </summary>
internal sealed partial class GrpcCall<TRequest, TResponse> : IDisposable
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    private readonly Method<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly GrpcChannel _channel;
    private readonly CancellationTokenSource _callCts = new();
    private readonly TaskCompletionSource<Metadata> _headers = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly MessageFraming _writeFraming;
    private CancellationTokenRegistration _userRegistration;
    private ITimer? _deadlineTimer;
    private volatile bool _deadlineFired;
    private Task<bool> _responseReady = Task.FromResult(false);
    private HttpResponseMessage? _response;
    private Stream? _responseStream;
    private MessageFraming _readFraming;
    private PushStreamContent? _pushContent;
    private Status? _status;
    private Metadata _trailers = [];
    private volatile bool _requestCompleted;
    private int _reading;

    public GrpcCall(Method<TRequest, TResponse> method, CallOptions options, GrpcChannel channel)
    {
        _method = method;
        _options = options;
        _channel = channel;
        _writeFraming = new MessageFraming(channel.Options.MaxSendMessageSize, GrpcEncodings.IsIdentity(channel.Options.CompressionEncoding) ? null : channel.Options.CompressionEncoding);
    }

    public Task<Metadata> ResponseHeadersAsync => _headers.Task;

    /// <summary>Sends the request headers (and the message, for unary and server-streaming calls) without waiting.</summary>
    public void Start(TRequest? request)
    {
        string? timeoutHeader = null;
        if (_options.Deadline is { } deadline && deadline != DateTime.MaxValue)
        {
            var utc = deadline.Kind == DateTimeKind.Local ? deadline.ToUniversalTime() : deadline;
            var timeout = utc - _channel.TimeProvider.GetUtcNow().UtcDateTime;
            if (timeout <= TimeSpan.Zero)
            {
                _deadlineFired = true;
                Finish(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"), []);
                return;
            }

            timeoutHeader = GrpcTimeout.Format(timeout);
            _deadlineTimer = _channel.TimeProvider.CreateTimer(static s => ((GrpcCall<TRequest, TResponse>)s!).OnDeadline(), this, timeout, Timeout.InfiniteTimeSpan);
        }

        if (_options.CancellationToken.IsCancellationRequested)
        {
            Finish(new Status(StatusCode.Cancelled, "Call canceled by the client."), []);
            return;
        }

        if (_options.CancellationToken.CanBeCanceled)
        {
            _userRegistration = _options.CancellationToken.UnsafeRegister(static s => ((GrpcCall<TRequest, TResponse>)s!).Cancel(), this);
        }

        HttpContent content;
        if (request is not null)
        {
            if (_writeFraming.MaxMessageSize is { } max && request.CalculateSize() > max)
            {
                Finish(new Status(StatusCode.ResourceExhausted, $"Sending message exceeds the maximum configured message size ({request.CalculateSize()} > {max} bytes)."), []);
                return;
            }

            content = new SingleMessageContent<TRequest>(request, _writeFraming);
        }
        else
        {
            content = _pushContent = new PushStreamContent();
        }

        content.Headers.TryAddWithoutValidation("Content-Type", GrpcProtocol.ContentType);
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_channel.Address, _method.FullName))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        AddRequestHeaders(message.Headers, timeoutHeader);
        _responseReady = ReceiveResponseHeadersAsync(message);
    }

    /// <summary>Reads the next response message; null after an OK status; a non-OK status throws.</summary>
    public async Task<TResponse?> ReadResponseAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _reading, 1) == 1)
        {
            throw new InvalidOperationException("Can't read the next message while a previous read is in progress.");
        }

        try
        {
            using var registration = cancellationToken.CanBeCanceled
                ? cancellationToken.UnsafeRegister(static s => ((GrpcCall<TRequest, TResponse>)s!).Cancel(), this)
                : default;
            if (!await _responseReady.ConfigureAwait(false) || _status is not null)
            {
                return FinishedResult();
            }

            TResponse? message;
            try
            {
                message = await MessageReader.ReadAsync(_responseStream!, _method.ResponseParser, _readFraming, _callCts.Token).ConfigureAwait(false);
            }
            catch (RpcException ex)
            {
                Finish(ex.Status, []);
                return FinishedResult();
            }
            catch (Exception ex) when (IsTransportException(ex))
            {
                Finish(StatusFromException(ex), []);
                return FinishedResult();
            }

            if (message is not null)
            {
                return message;
            }

            var trailingHeaders = _response!.TrailingHeaders;
            var status = ResponseStatus.TryRead(trailingHeaders, out var received)
                ? received
                : new Status(StatusCode.Internal, "No grpc-status found on response.");
            Finish(status, ResponseStatus.ReadMetadata(trailingHeaders));
            return FinishedResult();
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }

    /// <summary>The single response of unary and client-streaming calls; reads on to the trailers.</summary>
    public async Task<TResponse> ReadSingleResponseAsync()
    {
        var message = await ReadResponseAsync(CancellationToken.None).ConfigureAwait(false);
        if (message is null)
        {
            ReplaceStatus(new Status(StatusCode.Internal, "Failed to deserialize response message: the server sent OK without a message."));
            return FinishedResult() ?? throw new InvalidOperationException("Unreachable: a non-OK status throws.");
        }

        if (await ReadResponseAsync(CancellationToken.None).ConfigureAwait(false) is not null)
        {
            Finish(new Status(StatusCode.Internal, "Expected one response message but received more."), []);
            FinishedResult();
        }

        return message;
    }

    public async Task WriteRequestAsync(TRequest message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_requestCompleted)
        {
            throw new InvalidOperationException("Can't write a message: the request stream has been completed.");
        }

        ThrowIfFinished();
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static s => ((GrpcCall<TRequest, TResponse>)s!).Cancel(), this)
            : default;
        try
        {
            var stream = await _pushContent!.StreamTask.WaitAsync(_callCts.Token).ConfigureAwait(false);
            await MessageWriter.WriteAsync(stream, message, _writeFraming, _callCts.Token).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            Finish(ex.Status, []);
        }
        catch (Exception ex) when (IsTransportException(ex))
        {
            // The server may have ended the call, which also ends our request body: prefer its status.
            await Task.WhenAny(_finished.Task, Task.Delay(TimeSpan.FromSeconds(1), _channel.TimeProvider)).ConfigureAwait(false);
            Finish(StatusFromException(ex), []);
        }

        ThrowIfFinished();
    }

    public Task CompleteRequestAsync()
    {
        _requestCompleted = true;
        _pushContent?.Complete();
        return Task.CompletedTask;
    }

    public Status GetStatus() => _status ?? throw new InvalidOperationException("Unable to get the status because the call is not complete.");

    public Metadata GetTrailers() => _status is null
        ? throw new InvalidOperationException("Unable to get the trailers because the call is not complete.")
        : _trailers;

    /// <summary>Cancels the call if it is still running; the HTTP/2 stream is reset.</summary>
    public void Dispose() => Cancel();

    private void Cancel() => Finish(new Status(StatusCode.Cancelled, "Call canceled by the client."), []);

    private void OnDeadline()
    {
        _deadlineFired = true;
        Finish(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"), []);
    }

    private async Task<bool> ReceiveResponseHeadersAsync(HttpRequestMessage message)
    {
        HttpResponseMessage response;
        try
        {
            response = await _channel.Invoker.SendAsync(message, _callCts.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Finish(StatusFromException(ex), []);
            return false;
        }

        lock (_lock)
        {
            _response = response;
        }

        if (_status is not null)
        {
            // Cancelled or timed out while the headers were on their way.
            response.Dispose();
            return false;
        }

        var headers = ResponseStatus.ReadMetadata(response.Headers);
        _headers.TrySetResult(headers);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Finish(ResponseStatus.FromHttpStatus(response.StatusCode), headers);
            return false;
        }

        if (ResponseStatus.TryRead(response.Headers, out var trailersOnly))
        {
            Finish(trailersOnly, headers);
            return false;
        }

        var contentType = response.Content.Headers.ContentType?.MediaType;
        if (!GrpcProtocol.IsGrpcContentType(contentType))
        {
            Finish(new Status(StatusCode.Internal, $"Bad gRPC response. Invalid content-type value: {contentType}"), headers);
            return false;
        }

        var encoding = response.Headers.NonValidated.TryGetValues(GrpcProtocol.EncodingHeader, out var encodings) ? encodings.ToString() : null;
        _readFraming = new MessageFraming(_channel.Options.MaxReceiveMessageSize, GrpcEncodings.IsIdentity(encoding) ? null : encoding);
        try
        {
            _responseStream = await response.Content.ReadAsStreamAsync(_callCts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransportException(ex))
        {
            Finish(StatusFromException(ex), []);
            return false;
        }

        return true;
    }

    private void AddRequestHeaders(HttpRequestHeaders headers, string? timeoutHeader)
    {
        // grpc-core rejects requests without "te: trailers".
        headers.TryAddWithoutValidation(GrpcProtocol.TeHeader, GrpcProtocol.TeTrailers);
        headers.TryAddWithoutValidation("User-Agent", GrpcProtocol.UserAgent);
        headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcEncodings.AcceptEncodingValue);
        if (_writeFraming.Encoding is { } encoding)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.EncodingHeader, encoding);
        }

        if (timeoutHeader is not null)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, timeoutHeader);
        }

        if (_options.Headers is { } metadata)
        {
            foreach (var entry in metadata)
            {
                if (!GrpcProtocol.IsReservedHeader(entry.Key))
                {
                    headers.TryAddWithoutValidation(entry.Key, MetadataHeaders.EncodeValue(entry));
                }
            }
        }
    }

    /// <summary>Records the final status once; a non-OK status also cancels and resets the HTTP/2 stream.</summary>
    private void Finish(Status status, Metadata trailers)
    {
        HttpResponseMessage? response;
        lock (_lock)
        {
            if (_status is not null)
            {
                return;
            }

            _status = status;
            _trailers = trailers;
            response = _response;
        }

        LogCallFinished(_channel.Logger, _method.FullName, status.StatusCode, status.Detail);
        if (!_headers.Task.IsCompleted && _headers.TrySetException(new RpcException(status, trailers)))
        {
            // Nobody has to look at the headers task; mark its failure observed.
            _ = _headers.Task.Exception;
        }

        _userRegistration.Dispose();
        _deadlineTimer?.Dispose();
        var reset = status.StatusCode != StatusCode.OK;
        if (reset)
        {
            _callCts.Cancel();
        }

        // A failed call must reset the stream: ending the request body cleanly first would let the server read a
        // normal end of stream and finish the call as if the client had completed it.
        _pushContent?.Abort(reset);

        // Disposing the response before its end resets the stream (RST_STREAM CANCEL).
        response?.Dispose();
        _finished.TrySetResult();
    }

    private void ReplaceStatus(Status status)
    {
        lock (_lock)
        {
            _status = status;
        }
    }

    private void ThrowIfFinished()
    {
        if (_status is { } status)
        {
            throw status.StatusCode == StatusCode.OK
                ? new InvalidOperationException("Can't write a message: the call is complete.")
                : new RpcException(status, _trailers);
        }
    }

    private TResponse? FinishedResult()
    {
        var status = _status ?? new Status(StatusCode.Internal, "The call ended without a status.");
        return status.StatusCode == StatusCode.OK ? null : throw new RpcException(status, _trailers);
    }

    private Status StatusFromException(Exception ex)
    {
        if (_deadlineFired)
        {
            return new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded");
        }

        if (_callCts.IsCancellationRequested)
        {
            return new Status(StatusCode.Cancelled, "Call canceled by the client.");
        }

        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpProtocolException { ErrorCode: GrpcProtocol.Http2CancelErrorCode })
            {
                return new Status(StatusCode.Cancelled, "The server reset the stream.");
            }
        }

        return ex switch
        {
            HttpRequestException or IOException => new Status(StatusCode.Unavailable, $"Error in gRPC transport: {ex.Message}"),
            OperationCanceledException => new Status(StatusCode.Cancelled, "Call canceled."),
            ObjectDisposedException => new Status(StatusCode.Cancelled, "Call canceled: the channel or response was disposed."),
            _ => new Status(StatusCode.Internal, $"Error in gRPC call: {ex.GetType().Name}: {ex.Message}"),
        };
    }

    private static bool IsTransportException(Exception ex) =>
        ex is IOException or HttpRequestException or OperationCanceledException or ObjectDisposedException;
}
