using Fleet.Contracts.Aggregators;
using Fleet.Grpc;

namespace Fleet.Contracts.Services;

/// <summary>Hand-written descriptor, client and server base for service fleet.v1.AggregatorGateway (aggregator.proto).</summary>
public static class AggregatorGatewayService
{
    public const string ServiceName = "fleet.v1.AggregatorGateway";

    public static readonly Method<RegisterServerRequest, RegisterServerResponse> RegisterMethod = new(MethodType.Unary, ServiceName, "Register");

    public static readonly Method<HeartbeatRequest, HeartbeatResponse> HeartbeatMethod = new(MethodType.Unary, ServiceName, "Heartbeat");

    public static readonly Method<WatchDevicesRequest, DeviceSet> WatchDevicesMethod = new(MethodType.ServerStreaming, ServiceName, "WatchDevices");

    public static ServerServiceDefinition BindService(ServiceBase implementation)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        return ServerServiceDefinition.CreateBuilder()
            .AddMethod(RegisterMethod, (UnaryServerMethod<RegisterServerRequest, RegisterServerResponse>)implementation.Register)
            .AddMethod(HeartbeatMethod, (UnaryServerMethod<HeartbeatRequest, HeartbeatResponse>)implementation.Heartbeat)
            .AddMethod(WatchDevicesMethod, (ServerStreamingServerMethod<WatchDevicesRequest, DeviceSet>)implementation.WatchDevices)
            .Build();
    }

    /// <summary>Server side: override the rpcs you implement; the others answer UNIMPLEMENTED.</summary>
    public abstract class ServiceBase
    {
        public virtual Task<RegisterServerResponse> Register(RegisterServerRequest request, ServerCallContext context) =>
            throw Unimplemented(RegisterMethod.Name);

        public virtual Task<HeartbeatResponse> Heartbeat(HeartbeatRequest request, ServerCallContext context) =>
            throw Unimplemented(HeartbeatMethod.Name);

        /// <summary>Streams the devices allowed on this server: the full set first, then a new full set on every change.</summary>
        public virtual Task WatchDevices(WatchDevicesRequest request, IServerStreamWriter<DeviceSet> responseStream, ServerCallContext context) =>
            throw Unimplemented(WatchDevicesMethod.Name);

        private static RpcException Unimplemented(string method) =>
            new(new Status(StatusCode.Unimplemented, $"Method {ServiceName}/{method} is unimplemented."));
    }

    /// <summary>Client side, on any <see cref="CallInvoker"/> (usually <c>GrpcChannel.CreateCallInvoker()</c>).</summary>
    public sealed class Client(CallInvoker callInvoker)
    {
        private readonly CallInvoker _callInvoker = callInvoker ?? throw new ArgumentNullException(nameof(callInvoker));

        public AsyncUnaryCall<RegisterServerResponse> RegisterAsync(RegisterServerRequest request, Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default) =>
            RegisterAsync(request, new CallOptions(headers, deadline, cancellationToken));

        public AsyncUnaryCall<RegisterServerResponse> RegisterAsync(RegisterServerRequest request, CallOptions options) =>
            _callInvoker.AsyncUnaryCall(RegisterMethod, options, request);

        public AsyncUnaryCall<HeartbeatResponse> HeartbeatAsync(HeartbeatRequest request, Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default) =>
            HeartbeatAsync(request, new CallOptions(headers, deadline, cancellationToken));

        public AsyncUnaryCall<HeartbeatResponse> HeartbeatAsync(HeartbeatRequest request, CallOptions options) =>
            _callInvoker.AsyncUnaryCall(HeartbeatMethod, options, request);

        public AsyncServerStreamingCall<DeviceSet> WatchDevices(WatchDevicesRequest request, Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default) =>
            WatchDevices(request, new CallOptions(headers, deadline, cancellationToken));

        public AsyncServerStreamingCall<DeviceSet> WatchDevices(WatchDevicesRequest request, CallOptions options) =>
            _callInvoker.AsyncServerStreamingCall(WatchDevicesMethod, options, request);
    }
}
