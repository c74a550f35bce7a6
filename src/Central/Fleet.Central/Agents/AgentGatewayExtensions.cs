using Fleet.Central.Hosting;
using Fleet.Contracts.Services;
using Fleet.Grpc;

namespace Fleet.Central.Agents;

public static class AgentGatewayExtensions
{
    /// <summary>The gRPC runtime and both gateways (agents and aggregation servers).</summary>
    public static WebApplicationBuilder AddAgentGateway(this WebApplicationBuilder builder)
    {
        var detailedErrors = builder.Configuration.GetValue("Grpc:EnableDetailedErrors", false);
        builder.Services.AddGrpcRuntime(options => options.EnableDetailedErrors = detailedErrors);
        builder.Services.AddSingleton<AgentGatewayAdapter>();
        builder.Services.AddSingleton<AggregatorGatewayAdapter>();
        return builder;
    }

    /// <summary>Maps the gateways on the gRPC (h2c) port only.</summary>
    public static IEndpointRouteBuilder MapAgentGateway(this IEndpointRouteBuilder endpoints)
    {
        var grpc = endpoints.MapGroup("").RequireHost(endpoints.ServiceProvider.GrpcHostPattern());
        grpc.MapGrpcService(AgentGatewayService.BindService(endpoints.ServiceProvider.GetRequiredService<AgentGatewayAdapter>()));
        grpc.MapGrpcService(AggregatorGatewayService.BindService(endpoints.ServiceProvider.GetRequiredService<AggregatorGatewayAdapter>()));
        return endpoints;
    }
}
