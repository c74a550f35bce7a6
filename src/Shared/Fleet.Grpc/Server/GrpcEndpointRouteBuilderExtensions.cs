using System.Runtime.CompilerServices;
using Fleet.Grpc.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Grpc;

public static class GrpcEndpointRouteBuilderExtensions
{
    private static readonly ConditionalWeakTable<IEndpointRouteBuilder, object> UnimplementedMapped = new();

    /// <summary>
    /// Maps POST /{service}/{method} for every method of <paramref name="definition"/>, plus (once per
    /// route builder) an UNIMPLEMENTED answer for other gRPC requests.
    /// </summary>
    public static IEndpointConventionBuilder MapGrpcService(this IEndpointRouteBuilder endpoints, ServerServiceDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(definition);
        var runtime = endpoints.ServiceProvider.GetService<GrpcServerRuntime>()
            ?? throw new InvalidOperationException("The gRPC runtime is not registered: call services.AddGrpcRuntime() before MapGrpcService.");

        MapUnimplementedOnce(endpoints);
        var builders = new List<IEndpointConventionBuilder>(definition.Methods.Count);
        foreach (var method in definition.Methods)
        {
            var builder = endpoints.MapPost(method.FullName, method.CreateRequestDelegate(runtime))
                .WithDisplayName($"gRPC - {method.FullName}");
            builders.Add(builder);
        }

        return new CompositeEndpointConventionBuilder(builders);
    }

    private static void MapUnimplementedOnce(IEndpointRouteBuilder endpoints)
    {
        lock (UnimplementedMapped)
        {
            if (UnimplementedMapped.TryGetValue(endpoints, out _))
            {
                return;
            }

            UnimplementedMapped.Add(endpoints, new object());
        }

        var pattern = RoutePatternFactory.Parse(
            UnimplementedEndpoint.Pattern,
            defaults: null,
            parameterPolicies: new RouteValueDictionary { [UnimplementedEndpoint.PathParameter] = new UnimplementedEndpoint.GrpcContentTypeConstraint() });
        endpoints.Map(pattern, UnimplementedEndpoint.HandleAsync).WithDisplayName("gRPC - Unimplemented");
    }

    private sealed class CompositeEndpointConventionBuilder(IReadOnlyList<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var builder in builders)
            {
                builder.Add(convention);
            }
        }

        public void Finally(Action<EndpointBuilder> finallyConvention)
        {
            foreach (var builder in builders)
            {
                builder.Finally(finallyConvention);
            }
        }
    }
}
