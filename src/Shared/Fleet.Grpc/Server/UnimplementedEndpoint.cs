using System.Globalization;
using Fleet.Grpc.Framing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fleet.Grpc.Server;

/// <summary>
/// Answers gRPC requests for paths no service maps with status UNIMPLEMENTED (12) instead of HTTP 404,
/// which gRPC clients would report as a transport error.
/// </summary>
internal static class UnimplementedEndpoint
{
    public const string PathParameter = "grpcUnimplementedPath";

    public const string Pattern = "{**" + PathParameter + "}";

    public static Task HandleAsync(HttpContext http)
    {
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.StatusHeader] = ((int)StatusCode.Unimplemented).ToString(CultureInfo.InvariantCulture);
        response.Headers[GrpcProtocol.MessageHeader] = PercentEncoding.Encode($"Method {http.Request.Path} is unimplemented.");
        return Task.CompletedTask;
    }

    /// <summary>Matches only requests whose content-type is application/grpc*, so other traffic still gets 404.</summary>
    internal sealed class GrpcContentTypeConstraint : IRouteConstraint
    {
        public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
            httpContext is not null && GrpcProtocol.IsGrpcContentType(httpContext.Request.ContentType);
    }
}
