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

internal static class CoveragePass
{
    /// <summary>Central's coverage aggregation over the replayed batches (each link sample matched to its fix
    /// and folded into the grid), for at most a minute: its own rate, next to the ingest rate it must follow.</summary>
    internal static async Task RunAsync(IServiceProvider services, int vehicles, CancellationToken cancellationToken)
    {
        var aggregator = services.GetRequiredService<Fleet.Central.Coverage.CoverageAggregator>();
        var watch = Stopwatch.StartNew();
        var batches = 0;
        try
        {
            while (watch.Elapsed < TimeSpan.FromSeconds(60))
            {
                var result = await aggregator.RunOnceAsync(cancellationToken);
                if (result.Batches == 0)
                    break;
                batches += result.Batches;
            }
        }
        catch (NpgsqlException ex)
        {
            Out("coverage_batches_per_s", $"failed after {batches} batches in {watch.Elapsed.TotalSeconds:0} s: {ex.Message}");
            return;
        }
        var rate = batches / watch.Elapsed.TotalSeconds;
        Out("coverage_batches_per_s", string.Create(CultureInfo.InvariantCulture,
            $"{rate:0.0} ({batches} batches in {watch.Elapsed.TotalSeconds:0} s; the fleet uploads {vehicles / (double)SimulatedFleet.BatchSeconds:0.0} batches/s)"));
    }
}
