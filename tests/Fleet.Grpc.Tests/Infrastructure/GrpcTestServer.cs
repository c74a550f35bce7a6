using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fleet.Grpc.Tests.Infrastructure;

/// <summary>Our gRPC server on Kestrel, listening on a free port of 127.0.0.1 (h2c or TLS).</summary>
internal sealed class GrpcTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _disposed;

    private GrpcTestServer(WebApplication app, TestServiceImpl service, Uri address)
    {
        _app = app;
        Service = service;
        Address = address;
    }

    public TestServiceImpl Service { get; }

    /// <summary>http://127.0.0.1:port (h2c) or https://127.0.0.1:port.</summary>
    public Uri Address { get; }

    public int Port => Address.Port;

    public static async Task<GrpcTestServer> StartAsync(bool tls = false, Action<GrpcServerOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            // h2c needs HTTP/2 only: with Http1AndHttp2 and no TLS, prior-knowledge clients fail.
            listen.Protocols = HttpProtocols.Http2;
            if (tls)
            {
                listen.UseHttps(TestCertificate.Shared.Certificate);
            }
        }));
        builder.Services.AddGrpcRuntime(configure);
        var app = builder.Build();
        var service = new TestServiceImpl();
        app.MapGrpcService(TestService.Bind(service));
        await app.StartAsync().ConfigureAwait(false);

        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var address = new Uri($"{(tls ? "https" : "http")}://127.0.0.1:{bound.Port}");
        return new GrpcTestServer(app, service, address);
    }

    public GrpcChannel CreateChannel(GrpcChannelOptions? options = null)
    {
        options ??= new GrpcChannelOptions();
        if (Address.Scheme == Uri.UriSchemeHttps && options.HttpHandler is null)
        {
            options.HttpHandler = TestCertificate.Shared.CreateTrustingHandler();
            options.DisposeHttpHandler = true;
        }

        return GrpcChannel.ForAddress(Address, options);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stopTimeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
