using Fleet.Grpc.Server;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Fleet.Grpc;

/// <summary>One method of a service definition, able to become an endpoint.</summary>
internal interface IServerMethodBinding
{
    string FullName { get; }

    MethodType Type { get; }

    RequestDelegate CreateRequestDelegate(GrpcServerRuntime runtime);
}

internal delegate Task ServerInvoker<TRequest, TResponse>(HttpServerCallContext call, IAsyncStreamReader<TRequest> requests, IServerStreamWriter<TResponse> responses);

internal sealed class ServerMethodBinding<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerInvoker<TRequest, TResponse> invoker) : IServerMethodBinding
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    public string FullName => method.FullName;

    public MethodType Type => method.Type;

    public RequestDelegate CreateRequestDelegate(GrpcServerRuntime runtime) =>
        http => ServerCallPipeline.HandleAsync(http, runtime, method, invoker);
}
