using Fleet.Central.Assignments;
using Fleet.Central.Enrollment;
using Fleet.Central.Telemetry;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Services;
using Fleet.Grpc;
using Google.Protobuf;
using Proto = Fleet.Contracts.Telemetry;

namespace Fleet.Central.Agents;

/// <summary>fleet.v1.AgentGateway over gRPC: translates messages and status codes, nothing else. The work
/// happens in the transport-neutral services.</summary>
public sealed class AgentGatewayAdapter(
    EnrollmentService enrollment,
    DeviceAuthenticator authenticator,
    TelemetryIngestService ingest,
    AssignmentService assignments) : AgentGatewayService.ServiceBase
{
    public override async Task<EnrollResponse> Enroll(EnrollRequest request, ServerCallContext context)
    {
        var enrolled = (await enrollment.EnrollAsync(
            new DeviceEnrollmentRequest(
                request.EnrollmentToken, request.HardwareId, request.Hostname, request.AgentVersion,
                request.TunnelPublicKey.ToByteArray()),
            context.CancellationToken)).OrThrow();
        return new EnrollResponse
        {
            DeviceId = enrolled.DeviceId.ToString(),
            DeviceSecret = enrolled.DeviceSecret,
            VehicleId = enrolled.VehicleId.ToString(),
            VehicleName = enrolled.VehicleName,
            TunnelAddress = enrolled.TunnelAddress,
        };
    }

    public override async Task<UploadBatchResponse> UploadBatch(Proto.TelemetryBatch request, ServerCallContext context)
    {
        var device = await AuthenticateAsync(context);
        var result = (await ingest.IngestAsync(device, request, context.CancellationToken)).OrThrow();
        return new UploadBatchResponse
        {
            BatchId = result.BatchId.ToString(),
            Duplicate = result.Duplicate,
            PositionsStored = (uint)result.PositionsStored,
        };
    }

    public override async Task WatchAssignment(
        WatchAssignmentRequest request, IServerStreamWriter<Assignment> responseStream, ServerCallContext context)
    {
        var device = await AuthenticateAsync(context);
        try
        {
            await foreach (var assignment in assignments.WatchAsync(device.VehicleId, context.CancellationToken))
                await responseStream.WriteAsync(ToMessage(assignment), context.CancellationToken);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The agent hung up or the host is stopping: the watch simply ends.
        }
    }

    public override async Task<RouteCoverageResponse> GetRouteCoverage(RouteCoverageRequest request, ServerCallContext context)
    {
        await AuthenticateAsync(context);
        // Resolved per call so the coverage feature stays out of this adapter's constructor.
        var coverage = context.GetHttpContext().RequestServices.GetRequiredService<Coverage.ICoverageQuery>();
        var cells = (await coverage.GetRouteCoverageAsync(
            request.Route.Select(p => new Coverage.RoutePoint(p.Lat, p.Lon)).ToList(), request.CorridorM, context.CancellationToken)).OrThrow();
        var response = new RouteCoverageResponse { CellSizeM = cells.CellSizeM };
        foreach (var cell in cells.Cells)
        {
            response.Cells.Add(new CoverageCell
            {
                CellId = cell.CellId,
                CenterLat = cell.CenterLat,
                CenterLon = cell.CenterLon,
                Carrier = cell.Carrier,
                Samples = (uint)cell.Samples,
                ThroughputP10Kbps = (uint)Math.Max(0, cell.ThroughputP10Kbps ?? 0),
                ThroughputP50Kbps = (uint)Math.Max(0, cell.ThroughputP50Kbps ?? 0),
                RttP50Ms = (uint)Math.Max(0, cell.RttP50Ms ?? 0),
                RttP90Ms = (uint)Math.Max(0, cell.RttP90Ms ?? 0),
                RsrpP50Dbm = cell.RsrpP50Dbm ?? 0,
                OutageFraction = cell.OutageFraction,
            });
        }
        return response;
    }

    private async Task<DeviceIdentity> AuthenticateAsync(ServerCallContext context) =>
        (await authenticator.AuthenticateAsync(
            context.RequestHeaders.GetValue(DeviceAuthenticator.DeviceIdHeader),
            context.RequestHeaders.GetValue("authorization"),
            context.CancellationToken)).OrThrow();

    internal static Assignment ToMessage(VehicleAssignment assignment)
    {
        var message = new Assignment { VehicleId = assignment.VehicleId.ToString(), Revision = assignment.Revision };
        if (assignment.Primary is { } primary)
            message.Primary = ToMessage(primary);
        if (assignment.Backup is { } backup)
            message.Backup = ToMessage(backup);
        return message;
    }

    private static AggregationServer ToMessage(Aggregators.LiveServer server)
    {
        var message = new AggregationServer
        {
            ServerId = server.Id.ToString(),
            Name = server.Name,
            Region = server.Region,
            PublicKey = ByteString.CopyFrom(server.PublicKey),
        };
        message.Endpoints.AddRange(server.Endpoints);
        return message;
    }
}
