namespace Fleet.Central.Finance.Data;

/// <summary>Bytes a SIM moved on one UTC day, summed from the link samples that carry its ICCID.</summary>
public sealed class SimDailyUsage
{
    public Guid SimId { get; set; }
    public DateOnly Day { get; set; }
    public long TxBytes { get; set; }
    public long RxBytes { get; set; }
    public int Samples { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public long TotalBytes => TxBytes + RxBytes;
}
