using Fleet.Grpc.Framing;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Fleet.Grpc.Server;

/// <summary>Runs one gRPC call on Kestrel: validate, lift limits, run the handler, send the status.</summary>
internal static class ServerCallPipeline
{
    public static async Task HandleAsync<TRequest, TResponse>(HttpContext http, GrpcServerRuntime runtime, Method<TRequest, TResponse> method, ServerInvoker<TRequest, TResponse> invoker)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        if (!GrpcProtocol.IsGrpcContentType(http.Request.ContentType))
        {
            WriteProtocolError(http, StatusCodes.Status415UnsupportedMediaType, $"Content-Type '{http.Request.ContentType}' is not supported.");
            return;
        }

        if (!HttpProtocol.IsHttp2(http.Request.Protocol))
        {
            WriteProtocolError(http, StatusCodes.Status426UpgradeRequired, $"Request protocol '{http.Request.Protocol}' is not supported; gRPC needs HTTP/2.");
            return;
        }

        LiftKestrelLimits(http);
        using var call = new HttpServerCallContext(http, runtime, method.FullName);
        if (call.Initialize() is { } earlyError)
        {
            call.Status = earlyError;
        }
        else
        {
            try
            {
                await invoker(
                    call,
                    new HttpRequestStreamReader<TRequest>(call, method.RequestParser),
                    new HttpResponseStreamWriter<TResponse>(call)).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                call.ProcessException(ex);
            }
        }

        await call.EndCallAsync().ConfigureAwait(false);
    }

    /// <summary>Kestrel's minimum data rate and body size limit would kill long, quiet client streams.</summary>
    private static void LiftKestrelLimits(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } maxBody)
        {
            maxBody.MaxRequestBodySize = null;
        }

        if (http.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } minRequestRate)
        {
            minRequestRate.MinDataRate = null;
        }

        if (http.Features.Get<IHttpMinResponseDataRateFeature>() is { } minResponseRate)
        {
            minResponseRate.MinDataRate = null;
        }
    }

    private static void WriteProtocolError(HttpContext http, int httpStatus, string detail)
    {
        http.Response.StatusCode = httpStatus;
        http.Response.Headers[GrpcProtocol.StatusHeader] = ((int)StatusCode.Internal).ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers[GrpcProtocol.MessageHeader] = PercentEncoding.Encode(detail);
    }
}
