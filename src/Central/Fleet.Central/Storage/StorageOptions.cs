using System.ComponentModel.DataAnnotations;

namespace Fleet.Central.Storage;

/// <summary>Section "Storage": how long raw samples live and how partitions are kept ahead of time.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Raw positions, link and health samples older than this many days are downsampled (positions)
    /// and their daily partitions dropped.</summary>
    [Range(1, 36_500)]
    public int RawRetentionDays { get; set; } = 90;

    /// <summary>Daily partitions are created this many days ahead, so ingest never waits for DDL at midnight.</summary>
    [Range(1, 90)]
    public int PartitionDaysAhead { get; set; } = 7;

    /// <summary>How often the maintenance job creates partitions ahead and applies retention.</summary>
    [Range(1, 10_080)]
    public int MaintenanceIntervalMinutes { get; set; } = 60;

    /// <summary>One downsampled point per vehicle and bucket of this many seconds.</summary>
    [Range(1, 3_600)]
    public int DownsampleSeconds { get; set; } = 30;

    public TimeSpan MaintenanceInterval => TimeSpan.FromMinutes(MaintenanceIntervalMinutes);
}
