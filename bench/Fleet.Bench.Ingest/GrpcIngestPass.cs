using System.Diagnostics;
using System.Globalization;
using Fleet.Central.Enrollment;
using Fleet.Contracts.Services;
using Fleet.Contracts.Telemetry;
using Fleet.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Fleet.Bench.Ingest.IngestBenchmark;

namespace Fleet.Bench.Ingest;

/// <summary>The same kind of batches uploaded through central's gRPC endpoint, as agents do.</summary>
internal static class GrpcIngestPass
{
    internal static async Task RunAsync(
        int grpcPort, DeviceIdentity[] fleet, int count, long windowStart, int workers, double baseline, CancellationToken cancellationToken)
    {
        var uploads = new TelemetryBatch[count];
        Parallel.For(0, count, i => uploads[i] = SimulatedFleet.Batch(i, windowStart, 2));
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        var client = new AgentGatewayService.Client(channel.CreateCallInvoker());
        var rows = 0L;
        var watch = Stopwatch.StartNew();
        await ForEachAsync(count, workers, async i =>
        {
            var headers = new Metadata
            {
                { DeviceAuthenticator.DeviceIdHeader, fleet[i].DeviceId.ToString() },
                { "authorization", $"Bearer {DeviceSecret}" },
            };
            var response = await client.UploadBatchAsync(uploads[i], headers, DateTime.UtcNow.AddMinutes(2), cancellationToken);
            if (response.PositionsStored != SimulatedFleet.BatchSeconds)
                throw new InvalidOperationException($"gRPC upload of vehicle {i} stored {response.PositionsStored} positions");
            Interlocked.Add(ref rows, SimulatedFleet.RowsPerBatch);
        }, cancellationToken);
        var rate = rows / watch.Elapsed.TotalSeconds;
        Out("grpc_batches", count);
        Out("grpc_rows_per_s", rate.ToString("0", CultureInfo.InvariantCulture));
        Out("grpc_realtime_multiple", (rate / baseline).ToString("0.00", CultureInfo.InvariantCulture));
    }
}
