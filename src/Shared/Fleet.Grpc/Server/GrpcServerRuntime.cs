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

    /// <summary>One logger for all calls; creating it per call costs a lock in the factory.</summary>
    public ILogger CallLogger { get; } = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("Fleet.Grpc.Server");

    public TimeProvider TimeProvider { get; } = services.GetService<TimeProvider>() ?? TimeProvider.System;

    /// <summary>Fires when the host stops, so long-running streams end instead of holding shutdown.</summary>
    public CancellationToken ShutdownToken { get; } = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
}
