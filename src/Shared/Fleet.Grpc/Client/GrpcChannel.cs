using Fleet.Grpc.Client;
using Fleet.Grpc.Compression;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Grpc;

/// <summary>
/// A connection pool to one gRPC server over HTTP/2 ("http://" is h2c with prior knowledge, "https://" is TLS).
/// Uses HttpMessageInvoker rather than HttpClient, whose 100 s timeout would cut long streams.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private GrpcChannel(Uri address, GrpcChannelOptions options)
    {
        if (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"Address '{address}' must use http (h2c) or https (TLS).", nameof(address));
        }

        if (options.CompressionEncoding is { } encoding && !GrpcEncodings.IsSupported(encoding))
        {
            throw new ArgumentException($"Compression encoding '{encoding}' is not supported; use \"gzip\" or null.", nameof(options));
        }

        if (options.MaxReceiveMessageSize is <= 0 || options.MaxSendMessageSize is <= 0)
        {
            throw new ArgumentException("Message size limits must be positive or null (no limit).", nameof(options));
        }

        Address = address;
        Options = options;
        var handler = options.HttpHandler ?? CreateDefaultHandler();
        Invoker = new HttpMessageInvoker(handler, disposeHandler: options.HttpHandler is null || options.DisposeHttpHandler);
        TimeProvider = options.TimeProvider ?? TimeProvider.System;
        Logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Fleet.Grpc.Client");
    }

    public Uri Address { get; }

    internal GrpcChannelOptions Options { get; }

    internal HttpMessageInvoker Invoker { get; }

    internal TimeProvider TimeProvider { get; }

    internal ILogger Logger { get; }

    internal bool IsDisposed { get; private set; }

    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null) =>
        ForAddress(new Uri(address ?? throw new ArgumentNullException(nameof(address)), UriKind.Absolute), options);

    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new GrpcChannel(address, options ?? new GrpcChannelOptions());
    }

    public CallInvoker CreateCallInvoker() => new HttpCallInvoker(this);

    public void Dispose()
    {
        if (IsDisposed)
        {
            return;
        }

        IsDisposed = true;
        Invoker.Dispose();
    }

    private static SocketsHttpHandler CreateDefaultHandler() => new()
    {
        // gRPC connections are long-lived; idle ones are kept and probed with HTTP/2 pings instead.
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        KeepAlivePingDelay = TimeSpan.FromSeconds(60),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        EnableMultipleHttp2Connections = true,
        ConnectTimeout = TimeSpan.FromSeconds(15),
    };
}
