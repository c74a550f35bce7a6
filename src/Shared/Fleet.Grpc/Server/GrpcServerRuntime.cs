using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Grpc.Server;

/// <summary>What every server call needs from DI, resolved once when services are mapped.</summary>
internal sealed class GrpcServerRuntime(IOptions<GrpcServerOptions> options, IServiceProvider services)
{
    public GrpcServerOptions Options { get; } = options.Value;

    public ILoggerFactory LoggerFactory { get; } = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;

    public TimeProvider TimeProvider { get; } = services.GetService<TimeProvider>() ?? TimeProvider.System;

    /// <summary>Fires when the host stops, so long-running streams end instead of holding shutdown.</summary>
    public CancellationToken ShutdownToken { get; } = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
}
