using System.Net;
using System.Net.Sockets;
using Fleet.Grpc.Compression;
using Fleet.Grpc.Framing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Fleet.Grpc.Server;

/// <summary>The state of one server call on one HTTP/2 stream: deadline, cancellation, encodings, status.</summary>
internal sealed partial class HttpServerCallContext : ServerCallContext, IDisposable
{
    private readonly HttpContext _http;
    private readonly GrpcServerRuntime _runtime;
    private readonly string _method;
    private readonly ILogger _logger;
    private readonly Metadata _responseTrailers = [];
    private CancellationTokenSource? _deadlineCts;
    private CancellationTokenSource? _callCts;
    private CancellationToken _callToken;
    private Metadata? _requestHeaders;
    private DateTime _deadline = DateTime.MaxValue;
    private Status _status = Status.DefaultSuccess;

    public HttpServerCallContext(HttpContext http, GrpcServerRuntime runtime, string method)
    {
        _http = http;
        _runtime = runtime;
        _method = method;
        _logger = runtime.CallLogger;
    }

    public override string Method => _method;

    public override string Peer => FormatPeer(_http.Connection.RemoteIpAddress, _http.Connection.RemotePort);

    public override DateTime Deadline => _deadline;

    public override Metadata RequestHeaders => _requestHeaders ??= ReadRequestHeaders();

    public override Metadata ResponseTrailers => _responseTrailers;

    public override Status Status
    {
        get => _status;
        set => _status = value;
    }

    // Cached: handlers may keep using the token after the call ended and its source was disposed.
    public override CancellationToken CancellationToken => _callCts is null ? _http.RequestAborted : _callToken;

    public MessageFraming ReadFraming { get; private set; }

    public MessageFraming WriteFraming { get; private set; }

    /// <summary>True once the handler has finished; later writes are refused.</summary>
    public bool IsComplete { get; private set; }

    private bool DeadlineFired => _deadlineCts?.IsCancellationRequested == true;

    private bool ClientGone => _http.RequestAborted.IsCancellationRequested;

    public override HttpContext GetHttpContext() => _http;

    public override async Task WriteResponseHeadersAsync(Metadata responseHeaders)
    {
        ArgumentNullException.ThrowIfNull(responseHeaders);
        if (_http.Response.HasStarted)
        {
            throw new InvalidOperationException("Response headers can only be sent once per call.");
        }

        foreach (var entry in responseHeaders)
        {
            _http.Response.Headers.Append(entry.Key, MetadataHeaders.EncodeValue(entry));
        }

        await _http.Response.StartAsync(CancellationToken).ConfigureAwait(false);
        await _http.Response.Body.FlushAsync(CancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the call's protocol headers; returns a status when the call must fail before the handler runs.</summary>
    public Status? Initialize()
    {
        var request = _http.Request;
        var response = _http.Response;
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcEncodings.AcceptEncodingValue;

        var requestEncoding = request.Headers[GrpcProtocol.EncodingHeader].ToString();
        if (!GrpcEncodings.IsIdentity(requestEncoding) && !GrpcEncodings.IsSupported(requestEncoding))
        {
            LogUnsupportedEncoding(_logger, _method, requestEncoding);
            return new Status(StatusCode.Unimplemented, $"Unsupported grpc-encoding value '{requestEncoding}'. Supported encodings: {GrpcEncodings.AcceptEncodingValue}");
        }

        string? responseEncoding = null;
        if (_runtime.Options.ResponseCompression is { } preferred
            && !GrpcEncodings.IsIdentity(preferred)
            && GrpcEncodings.Accepts(request.Headers[GrpcProtocol.AcceptEncodingHeader].ToString(), preferred))
        {
            responseEncoding = preferred;
            response.Headers[GrpcProtocol.EncodingHeader] = preferred;
        }

        ReadFraming = new MessageFraming(_runtime.Options.MaxReceiveMessageSize, GrpcEncodings.IsIdentity(requestEncoding) ? null : requestEncoding);
        WriteFraming = new MessageFraming(_runtime.Options.MaxSendMessageSize, responseEncoding);

        var timeoutHeader = request.Headers[GrpcProtocol.TimeoutHeader].ToString();
        if (timeoutHeader.Length > 0)
        {
            if (GrpcTimeout.TryParse(timeoutHeader, out var timeout))
            {
                StartDeadline(timeout);
            }
            else
            {
                LogInvalidTimeout(_logger, _method, timeoutHeader);
            }
        }

        _callCts = _deadlineCts is null
            ? CancellationTokenSource.CreateLinkedTokenSource(_http.RequestAborted, _runtime.ShutdownToken)
            : CancellationTokenSource.CreateLinkedTokenSource(_http.RequestAborted, _runtime.ShutdownToken, _deadlineCts.Token);
        _callToken = _callCts.Token;
        return null;
    }

    /// <summary>
    /// Chooses the status for a handler exception. The deadline and client cancellation win, because
    /// exceptions after those are usually just their echo (a cancelled read or write).
    /// </summary>
    public void ProcessException(Exception exception)
    {
        if (DeadlineFired)
        {
            _status = new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded");
        }
        else if (ClientGone)
        {
            _status = Status.DefaultCancelled;
        }
        else if (exception is RpcException rpc)
        {
            _status = rpc.Status;
            foreach (var entry in rpc.Trailers)
            {
                _responseTrailers.Add(entry);
            }

            LogRpcError(_logger, _method, rpc.StatusCode, rpc.Status.Detail);
        }
        else if (exception is OperationCanceledException && _runtime.ShutdownToken.IsCancellationRequested)
        {
            _status = new Status(StatusCode.Unavailable, "Server is shutting down.");
        }
        else
        {
            LogHandlerFailed(_logger, _method, exception);
            _status = new Status(
                StatusCode.Unknown,
                _runtime.Options.EnableDetailedErrors ? $"Exception was thrown by handler. {exception.GetType().Name}: {exception.Message}" : "Exception was thrown by handler.");
        }
    }

    /// <summary>Sends the status: in the headers when nothing was sent yet (trailers-only), else as trailers.</summary>
    public async Task EndCallAsync()
    {
        IsComplete = true;
        if (ClientGone)
        {
            // The client reset the stream; there is nobody to send a status to.
            LogClientCancelled(_logger, _method);
            return;
        }

        var deadlineFired = DeadlineFired;
        if (deadlineFired && _status.StatusCode != StatusCode.DeadlineExceeded)
        {
            _status = new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded");
        }

        if (deadlineFired)
        {
            LogDeadlineExceeded(_logger, _method);
        }

        try
        {
            var response = _http.Response;
            if (!response.HasStarted)
            {
                WriteStatus((key, value) => response.Headers.Append(key, value));
            }
            else if (response.SupportsTrailers())
            {
                WriteStatus(response.AppendTrailer);
            }

            if (deadlineFired)
            {
                // Finish the response, then reset so the client stops sending a request stream nobody reads.
                await response.CompleteAsync().ConfigureAwait(false);
                _http.Features.Get<IHttpResetFeature>()?.Reset(GrpcProtocol.Http2CancelErrorCode);
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
        {
            LogStatusNotSent(_logger, _method, ex);
        }
    }

    public void Dispose()
    {
        _callCts?.Dispose();
        _deadlineCts?.Dispose();
    }

    private void StartDeadline(TimeSpan timeout)
    {
        // CancellationTokenSource timers top out near 49 days; anything longer is as good as no deadline.
        if (timeout > TimeSpan.FromDays(30))
        {
            return;
        }

        _deadline = _runtime.TimeProvider.GetUtcNow().UtcDateTime + timeout;
        _deadlineCts = new CancellationTokenSource(timeout, _runtime.TimeProvider);
    }

    private void WriteStatus(Action<string, Microsoft.Extensions.Primitives.StringValues> add)
    {
        add(GrpcProtocol.StatusHeader, ((int)_status.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(_status.Detail))
        {
            add(GrpcProtocol.MessageHeader, PercentEncoding.Encode(_status.Detail));
        }

        foreach (var entry in _responseTrailers)
        {
            if (!GrpcProtocol.IsReservedHeader(entry.Key))
            {
                add(entry.Key, MetadataHeaders.EncodeValue(entry));
            }
        }
    }

    private Metadata ReadRequestHeaders()
    {
        var metadata = new Metadata();
        foreach (var header in _http.Request.Headers)
        {
            foreach (var value in header.Value)
            {
                if (value is not null)
                {
                    MetadataHeaders.AddReceived(metadata, header.Key, value);
                }
            }
        }

        return metadata;
    }

    private static string FormatPeer(IPAddress? address, int port) => address switch
    {
        null => "unknown",
        { AddressFamily: AddressFamily.InterNetworkV6 } => $"ipv6:[{address}]:{port}",
        _ => $"ipv4:{address}:{port}",
    };
}
