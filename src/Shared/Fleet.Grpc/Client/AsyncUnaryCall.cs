using System.Runtime.CompilerServices;

namespace Fleet.Grpc;

/// <summary>A unary call in flight; await it (or <see cref="ResponseAsync"/>) for the response.</summary>
public sealed class AsyncUnaryCall<TResponse>(
    Task<TResponse> responseAsync,
    Task<Metadata> responseHeadersAsync,
    Func<Status> getStatus,
    Func<Metadata> getTrailers,
    Action dispose) : IDisposable
{
    public Task<TResponse> ResponseAsync { get; } = responseAsync;

    public Task<Metadata> ResponseHeadersAsync { get; } = responseHeadersAsync;

    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    public ConfiguredTaskAwaitable<TResponse> ConfigureAwait(bool continueOnCapturedContext) => ResponseAsync.ConfigureAwait(continueOnCapturedContext);

    /// <summary>The final status; throws InvalidOperationException while the call is still running.</summary>
    public Status GetStatus() => getStatus();

    public Metadata GetTrailers() => getTrailers();

    /// <summary>Cancels the call if it is still running (the HTTP/2 stream is reset).</summary>
    public void Dispose() => dispose();
}
