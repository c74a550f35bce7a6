using Microsoft.Extensions.Logging;

namespace Fleet.Grpc;

public sealed class GrpcChannelOptions
{
    /// <summary>
    /// The handler calls go through, e.g. a <see cref="SocketsHttpHandler"/> with client certificates or a
    /// custom server certificate check. Null: the channel creates (and disposes) its own SocketsHttpHandler.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Whether disposing the channel disposes <see cref="HttpHandler"/> (when one is given).</summary>
    public bool DisposeHttpHandler { get; set; }

    /// <summary>Largest response message accepted, in bytes (gRPC default 4 MiB); null means no limit.</summary>
    public int? MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest request message sent, in bytes; null (the default) means no limit.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>"gzip" to compress request messages; null sends them uncompressed.</summary>
    public string? CompressionEncoding { get; set; }

    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Clock for deadlines; null means the system clock.</summary>
    public TimeProvider? TimeProvider { get; set; }
}
