using Fleet.Agent.Enrollment;
using Fleet.Contracts.Services;
using Fleet.Grpc;

namespace Fleet.Agent.Sync;

/// <summary>The channel to central plus the identity every call after enrollment presents.</summary>
public sealed class CentralConnection(AgentGatewayService.Client client, DeviceIdentity identity)
{
    public AgentGatewayService.Client Client { get; } = client;

    public DeviceIdentity Identity { get; } = identity;

    public CallOptions Options(TimeProvider clock, TimeSpan? deadline, CancellationToken ct) =>
        new(Identity.CallHeaders(), deadline is { } d ? clock.GetUtcNow().UtcDateTime + d : null, ct);

    /// <summary>gzip-compressed channel: batches are mostly small varints and compress well.</summary>
    public static GrpcChannel CreateChannel(string address, TimeProvider? clock = null) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions { CompressionEncoding = "gzip", TimeProvider = clock });
}
