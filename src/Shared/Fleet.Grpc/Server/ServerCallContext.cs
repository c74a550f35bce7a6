using Microsoft.AspNetCore.Http;

namespace Fleet.Grpc;

/// <summary>What a server handler knows about its call (same shape as Grpc.Core's ServerCallContext).</summary>
public abstract class ServerCallContext
{
    /// <summary>The full method name, "/{service}/{method}".</summary>
    public abstract string Method { get; }

    /// <summary>The client address, e.g. "ipv4:127.0.0.1:53412".</summary>
    public abstract string Peer { get; }

    /// <summary>The call's deadline in UTC; <see cref="DateTime.MaxValue"/> when the client set none.</summary>
    public abstract DateTime Deadline { get; }

    public abstract Metadata RequestHeaders { get; }

    /// <summary>Trailers sent with the status when the call ends.</summary>
    public abstract Metadata ResponseTrailers { get; }

    /// <summary>The status sent when the handler returns normally (OK unless the handler changes it).</summary>
    public abstract Status Status { get; set; }

    /// <summary>Fires when the client cancels, the deadline passes or the server shuts down.</summary>
    public abstract CancellationToken CancellationToken { get; }

    /// <summary>Sends the response headers now, with extra metadata; allowed once, before the first message.</summary>
    public abstract Task WriteResponseHeadersAsync(Metadata responseHeaders);

    public abstract HttpContext GetHttpContext();
}
