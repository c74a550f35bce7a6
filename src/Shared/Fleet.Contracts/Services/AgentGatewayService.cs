using Fleet.Contracts.Agents;
using Fleet.Contracts.Telemetry;
using Fleet.Grpc;

namespace Fleet.Contracts.Services;

/// <summary>Hand-written descriptor, client and server base for service fleet.v1.AgentGateway (agent.proto).</summary>
public static class AgentGatewayService
{
    public const string ServiceName = "fleet.v1.AgentGateway";

    public static readonly Method<EnrollRequest, EnrollResponse> EnrollMethod = new(MethodType.Unary, ServiceName, "Enroll");

    public static readonly Method<WatchAssignmentRequest, Assignment> WatchAssignmentMethod = new(MethodType.ServerStreaming, ServiceName, "WatchAssignment");

    public static readonly Method<TelemetryBatch, UploadBatchResponse> UploadBatchMethod = new(MethodType.Unary, ServiceName, "UploadBatch");

    public static readonly Method<RouteCoverageRequest, RouteCoverageResponse> GetRouteCoverageMethod = new(MethodType.Unary, ServiceName, "GetRouteCoverage");

    public static ServerServiceDefinition BindService(ServiceBase implementation)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        return ServerServiceDefinition.CreateBuilder()
            .AddMethod(EnrollMethod, (UnaryServerMethod<EnrollRequest, EnrollResponse>)implementation.Enroll)
            .AddMethod(WatchAssignmentMethod, (ServerStreamingServerMethod<WatchAssignmentRequest, Assignment>)implementation.WatchAssignment)
            .AddMethod(UploadBatchMethod, (UnaryServerMethod<TelemetryBatch, UploadBatchResponse>)implementation.UploadBatch)
            .AddMethod(GetRouteCoverageMethod, (UnaryServerMethod<RouteCoverageRequest, RouteCoverageResponse>)implementation.GetRouteCoverage)
            .Build();
    }

    /// <summary>Server side: override the rpcs you implement; the others answer UNIMPLEMENTED.</summary>
    public abstract class ServiceBase
    {
        /// <summary>Exchanges a one-time enrollment token for a device identity.</summary>
        public virtual Task<EnrollResponse> Enroll(EnrollRequest request, ServerCallContext context) =>
            throw Unimplemented(EnrollMethod.Name);

        /// <summary>Streams the vehicle's aggregation server assignment: the current one at once, then every change.</summary>
        public virtual Task WatchAssignment(WatchAssignmentRequest request, IServerStreamWriter<Assignment> responseStream, ServerCallContext context) =>
            throw Unimplemented(WatchAssignmentMethod.Name);

        /// <summary>Uploads one telemetry batch; idempotent by batch_id.</summary>
        public virtual Task<UploadBatchResponse> UploadBatch(TelemetryBatch request, ServerCallContext context) =>
            throw Unimplemented(UploadBatchMethod.Name);

        /// <summary>Coverage cells (per carrier) along the vehicle's route ahead, so the scheduler can lower a
        /// carrier's weight before a known dead spot.</summary>
        public virtual Task<RouteCoverageResponse> GetRouteCoverage(RouteCoverageRequest request, ServerCallContext context) =>
            throw Unimplemented(GetRouteCoverageMethod.Name);

        private static RpcException Unimplemented(string method) =>
            new(new Status(StatusCode.Unimplemented, $"Method {ServiceName}/{method} is unimplemented."));
    }

    /// <summary>Client side, on any <see cref="CallInvoker"/> (usually <c>GrpcChannel.CreateCallInvoker()</c>).</summary>
    public sealed class Client(CallInvoker callInvoker)
    {
        private readonly CallInvoker _callInvoker = callInvoker ?? throw new ArgumentNullException(nameof(callInvoker));

        public AsyncUnaryCall<EnrollResponse> EnrollAsync(EnrollRequest request, Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default) =>
            EnrollAsync(request, new CallOptions(headers, deadline, cancellationToken));

        public AsyncUnaryCall<EnrollResponse> EnrollAsync(EnrollRequest request, CallOptions options) =>
            _callInvoker.AsyncUnaryCall(EnrollMethod, options, request);

        public AsyncServerStreamingCall<Assignment> WatchAssignment(WatchAssignmentRequest request, Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default) =>
            WatchAssignment(request, new CallOptions(headers, deadline, cancellationToken));

        public AsyncServerStreamingCall<Assignment> WatchAssignment(WatchAssignmentRequest request, CallOptions options) =>
            _callInvoker.AsyncServerStreamingCall(WatchAssignmentMethod, options, request);

        public AsyncUnaryCall<UploadBatchResponse> UploadBatchAsync(TelemetryBatch request, Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default) =>
            UploadBatchAsync(request, new CallOptions(headers, deadline, cancellationToken));

        public AsyncUnaryCall<UploadBatchResponse> UploadBatchAsync(TelemetryBatch request, CallOptions options) =>
            _callInvoker.AsyncUnaryCall(UploadBatchMethod, options, request);

        public AsyncUnaryCall<RouteCoverageResponse> GetRouteCoverageAsync(RouteCoverageRequest request, Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default) =>
            GetRouteCoverageAsync(request, new CallOptions(headers, deadline, cancellationToken));

        public AsyncUnaryCall<RouteCoverageResponse> GetRouteCoverageAsync(RouteCoverageRequest request, CallOptions options) =>
            _callInvoker.AsyncUnaryCall(GetRouteCoverageMethod, options, request);
    }
}
