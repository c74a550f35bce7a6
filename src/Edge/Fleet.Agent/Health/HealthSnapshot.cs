namespace Fleet.Agent.Health;

/// <summary>
/// One device-health sample. Every measurement is nullable: a box without a thermal sensor, SMART or a given
/// file reports "unknown", never fails.
/// </summary>
public sealed record HealthSnapshot(
    DateTimeOffset Time,
    double? CpuTemperatureC,
    double? SsdTemperatureC,
    CpuLoad? Cpu,
    MemoryUsage? Memory,
    IReadOnlyList<DiskUsage> Disks,
    IReadOnlyList<SmartStatus> Smart,
    IReadOnlyList<InterfaceCounters> Interfaces);

/// <summary>Load averages from /proc/loadavg and busy fraction (0..1) since the previous sample, from /proc/stat.</summary>
public sealed record CpuLoad(double Load1, double Load5, double Load15, double? Utilisation);

public sealed record MemoryUsage(long TotalBytes, long AvailableBytes)
{
    public double UsedFraction => TotalBytes > 0 ? 1.0 - ((double)AvailableBytes / TotalBytes) : 0;
}

public sealed record DiskUsage(string Path, long TotalBytes, long FreeBytes);

/// <summary>smartctl's verdict for one device. Passed is null when SMART gave no verdict.</summary>
public sealed record SmartStatus(string Device, string? Model, bool? Passed, double? TemperatureC, long? PowerOnHours, int? PercentageUsed);

/// <summary>/sys/class/net/&lt;if&gt;/statistics and tx_queue_len. Counters are cumulative since the interface appeared.</summary>
public sealed record InterfaceCounters(
    string Name,
    string? OperState,
    long? RxBytes,
    long? TxBytes,
    long? RxPackets,
    long? TxPackets,
    long? RxErrors,
    long? TxErrors,
    long? RxDropped,
    long? TxDropped,
    long? TxQueueLength);

/// <summary>Samples device health; <see cref="Current"/> is the latest sample.</summary>
public interface IHealthSampler
{
    HealthSnapshot? Current { get; }

    event EventHandler<HealthSnapshot>? Sampled;

    Task<HealthSnapshot> SampleAsync(CancellationToken cancellationToken);
}
