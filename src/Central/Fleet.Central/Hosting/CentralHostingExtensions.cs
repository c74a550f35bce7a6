using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Fleet.Central.Hosting;

public static class CentralHostingExtensions
{
    /// <summary>Kestrel listens on two endpoints from configuration: HTTP/1.1 for browsers and REST, and an
    /// HTTP/2-only endpoint for gRPC (h2c needs prior knowledge: with Http1AndHttp2 and no TLS, gRPC
    /// clients fail).</summary>
    public static WebApplicationBuilder AddCentralHosting(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IValidateOptions<CentralOptions>, CentralOptionsValidator>();
        builder.Services.AddOptions<CentralOptions>()
            .Bind(builder.Configuration.GetSection(CentralOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Kestrel is configured from the same section; a bad URL falls back to the defaults here and is
        // reported by the validator at startup.
        var configured = builder.Configuration.GetSection(CentralOptions.Section).Get<CentralOptions>() ?? new CentralOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (ListenEndpoint.TryParse(configured.HttpUrl, out var http))
                kestrel.Listen(http.Address, http.Port, listen => listen.Protocols = HttpProtocols.Http1);
            if (ListenEndpoint.TryParse(configured.GrpcUrl, out var grpc))
                kestrel.Listen(grpc.Address, grpc.Port, listen => listen.Protocols = HttpProtocols.Http2);
        });
        return builder;
    }

    /// <summary>The host pattern that pins an endpoint to the gRPC port (RequireHost matches "*:port").</summary>
    public static string GrpcHostPattern(this IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<CentralOptions>>().Value;
        return ListenEndpoint.TryParse(options.GrpcUrl, out var grpc) ? $"*:{grpc.Port}" : "*";
    }
}
