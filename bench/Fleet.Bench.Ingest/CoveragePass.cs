using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Fleet.Bench.Ingest.IngestBenchmark;

namespace Fleet.Bench.Ingest;

internal static class CoveragePass
{
    /// <summary>Past this the pass stops and reports the rate so far (a regression must not hold the bench for hours).</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    /// <summary>What the aggregation must sustain: a multiple of the rate the fleet uploads batches at.</summary>
    private const double TargetMultiple = 4;

    /// <summary>Central's coverage aggregation over every replayed batch (each link sample matched to its fix
    /// and folded into the grid's histograms), run by run as the job runs it: its rate next to the rate the
    /// fleet uploads batches at, which it must follow.</summary>
    internal static async Task RunAsync(IServiceProvider services, int vehicles, CancellationToken cancellationToken)
    {
        var aggregator = services.GetRequiredService<Fleet.Central.Coverage.CoverageAggregator>();
        var fleetRate = vehicles / (double)SimulatedFleet.BatchSeconds;
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var pgCpuBefore = await PostgresCpuSecondsAsync(dataSource, cancellationToken);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        int batches = 0, runs = 0;
        long observations = 0;
        try
        {
            while (watch.Elapsed < Limit)
            {
                var result = await aggregator.RunOnceAsync(cancellationToken);
                if (result.Batches == 0)
                    break;
                batches += result.Batches;
                observations += result.Observations;
                runs++;
            }
        }
        catch (NpgsqlException ex)
        {
            Out("coverage_batches_per_s", $"failed after {batches} batches in {watch.Elapsed.TotalSeconds:0} s: {ex.Message}");
            return;
        }
        var seconds = watch.Elapsed.TotalSeconds;
        var rate = batches / seconds;
        var clientMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / Math.Max(1, batches);
        var pgMs = (await PostgresCpuSecondsAsync(dataSource, cancellationToken) - pgCpuBefore) * 1000 / Math.Max(1, batches);
        var cells = await ScalarAsync<long>(dataSource, "SELECT count(*) FROM coverage_cells", cancellationToken);
        var stopped = watch.Elapsed >= Limit ? $" (stopped at the {Limit.TotalMinutes:0}-minute limit)" : "";
        Out("coverage_pass", string.Create(CultureInfo.InvariantCulture,
            $"{batches} batches in {runs} runs, {seconds:0.0} s, {observations} samples placed, {cells} cells{stopped}"));
        Out("coverage_batches_per_s", string.Create(CultureInfo.InvariantCulture,
            $"{rate:0.0} (the fleet uploads {fleetRate:0.0} batches/s; target >= {TargetMultiple * fleetRate:0.0}, {TargetMultiple:0}x; before: ~4, failed on the 30 s command timeout after 350 batches)"));
        Out("coverage_realtime_multiple", (rate / fleetRate).ToString("0.0", CultureInfo.InvariantCulture));
        // The rate above is wall time on a machine others may share; CPU per batch is not. One runner at a time
        // alternates between this process and its PostgreSQL backend, so on idle cores it sustains about
        // 1000 / (client + PostgreSQL) batches/s.
        Out("coverage_cpu_ms_per_batch", string.Create(CultureInfo.InvariantCulture,
            $"{clientMs:0.0} (this process) + {pgMs:0.0} (PostgreSQL processes) = {clientMs + pgMs:0.0}, i.e. about {1000 / (clientMs + pgMs):0} batches/s on idle cores; load average {LoadAverage()}"));
    }

    /// <summary>CPU seconds used so far by the bench's private cluster's processes (those pg_stat_activity
    /// lists: backends, autovacuum, background writers), from /proc (clock ticks of 100 Hz, Linux' USER_HZ).</summary>
    private static async Task<double> PostgresCpuSecondsAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var total = 0.0;
        await using var command = dataSource.CreateCommand("SELECT pid FROM pg_stat_activity");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var path = $"/proc/{reader.GetInt32(0)}/stat";
            if (!File.Exists(path))
                continue;
            var stat = await File.ReadAllTextAsync(path, cancellationToken);
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            total += (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        return total;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
