using Fleet.Central.Aggregators;
using Fleet.Contracts.Aggregators;
using Fleet.Contracts.Services;
using Fleet.Grpc;
using Google.Protobuf;

namespace Fleet.Central.Agents;

/// <summary>fleet.v1.AggregatorGateway over gRPC: translation only.</summary>
public sealed class AggregatorGatewayAdapter(
    AggregatorRegistry registry, DeviceDirectory directory, DeviceSetChanges deviceSetChanges)
    : AggregatorGatewayService.ServiceBase
{
    /// <summary>Re-read the device set at least this often, even without a change signal.</summary>
    public static readonly TimeSpan DeviceSetRecheck = TimeSpan.FromSeconds(60);

    public override async Task<RegisterServerResponse> Register(RegisterServerRequest request, ServerCallContext context)
    {
        var registered = (await registry.RegisterAsync(
            context.RequestHeaders.GetValue("authorization"),
            new ServerRegistration(request.Name.Trim(), request.Region.Trim(), [.. request.Endpoints],
                request.PublicKey.ToByteArray(), request.CapacitySessions, request.CapacityMbps, request.Version),
            context.CancellationToken)).OrThrow();
        return new RegisterServerResponse
        {
            ServerId = registered.ServerId.ToString(),
            ServerToken = registered.ServerToken,
            HeartbeatIntervalMs = (uint)registered.HeartbeatIntervalMs,
        };
    }

    public override async Task<HeartbeatResponse> Heartbeat(HeartbeatRequest request, ServerCallContext context)
    {
        var serverId = await AuthenticateAsync(request.ServerId, context);
        var drain = (await registry.HeartbeatAsync(
            new ServerHeartbeat(serverId, request.ActiveSessions, request.CpuLoad, request.RxBps, request.TxBps),
            context.CancellationToken)).OrThrow();
        return new HeartbeatResponse { Drain = drain };
    }

    public override async Task WatchDevices(
        WatchDevicesRequest request, IServerStreamWriter<DeviceSet> responseStream, ServerCallContext context)
    {
        await AuthenticateAsync(request.ServerId, context);
        var cancellationToken = context.CancellationToken;
        try
        {
            long sent = long.MinValue;
            while (!cancellationToken.IsCancellationRequested)
            {
                var set = await directory.GetDeviceKeysAsync(cancellationToken);
                if (set.Revision != sent)
                {
                    await responseStream.WriteAsync(ToMessage(set), cancellationToken);
                    sent = set.Revision;
                }
                await deviceSetChanges.WaitForChangeAsync(sent, DeviceSetRecheck, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The server hung up or the host is stopping.
        }
    }

    private async Task<Guid> AuthenticateAsync(string claimedServerId, ServerCallContext context) =>
        (await registry.AuthenticateAsync(
            context.RequestHeaders.GetValue("authorization"), claimedServerId, context.CancellationToken)).OrThrow();

    private static DeviceSet ToMessage(DeviceKeySet set)
    {
        var message = new DeviceSet { Revision = set.Revision };
        foreach (var device in set.Devices)
        {
            var key = new DeviceKey
            {
                DeviceId = device.DeviceId.ToString(),
                TunnelPublicKey = ByteString.CopyFrom(device.TunnelPublicKey),
            };
            if (device.TunnelAddress is { } address)
                key.AllowedPrefixes.Add(address);
            message.Devices.Add(key);
        }
        return message;
    }
}
