using Fleet.Grpc.Server;
using Google.Protobuf;

namespace Fleet.Grpc;

/// <summary>The methods of one service with their handlers, ready for <c>MapGrpcService</c>.</summary>
public sealed class ServerServiceDefinition
{
    private ServerServiceDefinition(IReadOnlyList<IServerMethodBinding> methods) => Methods = methods;

    /// <summary>Full names ("/{service}/{method}") of the bound methods.</summary>
    public IEnumerable<string> MethodNames => Methods.Select(m => m.FullName);

    internal IReadOnlyList<IServerMethodBinding> Methods { get; }

    public static Builder CreateBuilder() => new();

    public sealed class Builder
    {
        private readonly List<IServerMethodBinding> _methods = [];

        public Builder AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse> handler)
            where TRequest : class, IMessage<TRequest>, new()
            where TResponse : class, IMessage<TResponse>, new()
        {
            ArgumentNullException.ThrowIfNull(handler);
            return Add(method, MethodType.Unary, new ServerMethodBinding<TRequest, TResponse>(method, (call, reader, writer) => ServerInvokers.UnaryAsync(handler, call, reader, writer)));
        }

        public Builder AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse> handler)
            where TRequest : class, IMessage<TRequest>, new()
            where TResponse : class, IMessage<TResponse>, new()
        {
            ArgumentNullException.ThrowIfNull(handler);
            return Add(method, MethodType.ClientStreaming, new ServerMethodBinding<TRequest, TResponse>(method, (call, reader, writer) => ServerInvokers.ClientStreamingAsync(handler, call, reader, writer)));
        }

        public Builder AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse> handler)
            where TRequest : class, IMessage<TRequest>, new()
            where TResponse : class, IMessage<TResponse>, new()
        {
            ArgumentNullException.ThrowIfNull(handler);
            return Add(method, MethodType.ServerStreaming, new ServerMethodBinding<TRequest, TResponse>(method, (call, reader, writer) => ServerInvokers.ServerStreamingAsync(handler, call, reader, writer)));
        }

        public Builder AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse> handler)
            where TRequest : class, IMessage<TRequest>, new()
            where TResponse : class, IMessage<TResponse>, new()
        {
            ArgumentNullException.ThrowIfNull(handler);
            return Add(method, MethodType.DuplexStreaming, new ServerMethodBinding<TRequest, TResponse>(method, (call, reader, writer) => handler(reader, writer, call)));
        }

        public ServerServiceDefinition Build() => new(_methods.ToArray());

        private Builder Add<TRequest, TResponse>(Method<TRequest, TResponse> method, MethodType handlerType, IServerMethodBinding binding)
            where TRequest : class, IMessage<TRequest>, new()
            where TResponse : class, IMessage<TResponse>, new()
        {
            ArgumentNullException.ThrowIfNull(method);
            if (method.Type != handlerType)
            {
                throw new ArgumentException($"Method {method.FullName} is {method.Type} but the handler is {handlerType}.", nameof(method));
            }

            if (_methods.Any(m => m.FullName == method.FullName))
            {
                throw new ArgumentException($"Method {method.FullName} is already bound.", nameof(method));
            }

            _methods.Add(binding);
            return this;
        }
    }
}
