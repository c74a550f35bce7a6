using System.Diagnostics;
using System.Globalization;
using Fleet.Central.Enrollment;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Services;
using Fleet.Grpc;
using Google.Protobuf.WellKnownTypes;
using static Fleet.Bench.Ingest.IngestBenchmark;

namespace Fleet.Bench.Ingest;

/// <summary>The same kind of batches uploaded through central's gRPC endpoint, as agents do: HTTP/2 framing,
/// the runtime's read path, device authentication and the gateway adapter on top of the ingest service.
/// A warm-up share goes first (JIT, connection, pools), then a sustained run is timed.</summary>
internal static class GrpcIngestPass
{
    private const int WarmUpBatches = 200;

    /// <summary>UploadBatch with the request typed as Empty: an Empty parsed from an encoded batch keeps every
    /// field as an unknown field and writes them back verbatim, so the wire carries exactly the agent's bytes
    /// while the bench client skips re-encoding them on the clock (an agent encodes on its own box; re-encoding
    /// here cost about 2 ms of CPU per batch, charged to central's two cores otherwise). Central parses a TelemetryBatch.</summary>
    private static readonly Method<Empty, UploadBatchResponse> PreEncodedUpload =
        new(MethodType.Unary, AgentGatewayService.ServiceName, AgentGatewayService.UploadBatchMethod.Name);

    internal static async Task RunAsync(
        int grpcPort, DeviceIdentity[] fleet, int count, long windowStart, int workers, double baseline, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        var invoker = channel.CreateCallInvoker();

        // Warm-up batches (fresh batch ids, the window before the timed one) are stored like any other but not timed.
        await UploadAsync(invoker, fleet, Encode(Math.Min(WarmUpBatches, count), windowStart - SimulatedFleet.BatchSeconds * 1000L), workers, cancellationToken);

        var uploads = Encode(count, windowStart);
        var watch = Stopwatch.StartNew();
        var rows = await UploadAsync(invoker, fleet, uploads, workers, cancellationToken);
        var seconds = watch.Elapsed.TotalSeconds;
        var rate = rows / seconds;
        Out("grpc_path", $"UploadBatch over h2c to central's gRPC port, {count} batches after {Math.Min(WarmUpBatches, count)} warm-up, {workers} concurrent uploads on one channel");
        Out("grpc_s", seconds.ToString("0.0", CultureInfo.InvariantCulture));
        Out("grpc_rows_per_s", rate.ToString("0", CultureInfo.InvariantCulture));
        Out("grpc_realtime_multiple", $"{(rate / baseline).ToString("0.00", CultureInfo.InvariantCulture)} (target >= {TargetRealtimeMultiple})");
    }

    private static Empty[] Encode(int count, long windowStart)
    {
        var uploads = new Empty[count];
        Parallel.For(0, count, i => uploads[i] = Empty.Parser.ParseFrom(SimulatedFleet.EncodeBatch(i, windowStart, 2)));
        return uploads;
    }

    private static async Task<long> UploadAsync(
        CallInvoker invoker, DeviceIdentity[] fleet, Empty[] uploads, int workers, CancellationToken cancellationToken)
    {
        var rows = 0L;
        await ForEachAsync(uploads.Length, workers, async i =>
        {
            var headers = new Metadata
            {
                { DeviceAuthenticator.DeviceIdHeader, fleet[i].DeviceId.ToString() },
                { "authorization", $"Bearer {DeviceSecret}" },
            };
            var response = await invoker.AsyncUnaryCall(PreEncodedUpload, new CallOptions(headers, DateTime.UtcNow.AddMinutes(2), cancellationToken), uploads[i]);
            if (response.PositionsStored != SimulatedFleet.BatchSeconds)
                throw new InvalidOperationException($"gRPC upload of vehicle {i} stored {response.PositionsStored} positions");
            Interlocked.Add(ref rows, SimulatedFleet.RowsPerBatch);
        }, cancellationToken);
        return rows;
    }
}
