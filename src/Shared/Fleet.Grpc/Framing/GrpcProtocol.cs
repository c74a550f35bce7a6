namespace Fleet.Grpc.Framing;

/// <summary>Names and constants of the gRPC-over-HTTP/2 wire protocol.</summary>
internal static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string TeHeader = "te";
    public const string TeTrailers = "trailers";
    public const string UserAgent = "grpc-dotnet-fleet/1.0";

    /// <summary>One flag byte (compressed or not) plus a 4-byte big-endian length.</summary>
    public const int FrameHeaderLength = 5;

    /// <summary>The gRPC default limit for received messages.</summary>
    public const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>HTTP/2 CANCEL error code, used to reset a stream whose call is over.</summary>
    public const int Http2CancelErrorCode = 8;

    public static bool IsGrpcContentType(string? contentType) =>
        contentType is not null
        && contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase)
        && (contentType.Length == ContentType.Length || contentType[ContentType.Length] is '+' or ';');

    /// <summary>Headers that belong to the protocol and are never surfaced as user metadata.</summary>
    public static bool IsReservedHeader(string key) =>
        key.StartsWith(':')
        || key is "content-type" or "te" or "content-length" or "host" or "transfer-encoding" or "connection"
            or TimeoutHeader or EncodingHeader or AcceptEncodingHeader or StatusHeader or MessageHeader;
}
