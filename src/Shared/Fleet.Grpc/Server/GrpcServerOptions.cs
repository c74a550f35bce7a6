namespace Fleet.Grpc;

/// <summary>Server-wide settings for gRPC calls, set with <c>services.AddGrpcRuntime(o => ...)</c>.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>Largest request message accepted, in bytes (gRPC default 4 MiB); null means no limit.</summary>
    public int? MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest response message sent, in bytes; null (the default) means no limit.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>"gzip" to compress responses for clients that accept it; null sends them uncompressed.</summary>
    public string? ResponseCompression { get; set; }

    /// <summary>Include exception messages in the UNKNOWN status of failed handlers (off: they may leak internals).</summary>
    public bool EnableDetailedErrors { get; set; }
}
