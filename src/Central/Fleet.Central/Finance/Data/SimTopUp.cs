namespace Fleet.Central.Finance.Data;

/// <summary>Data or money added to a SIM, and who recorded it.</summary>
public sealed class SimTopUp
{
    public Guid Id { get; set; }
    public Guid SimId { get; set; }
    /// <summary>Money paid (prepaid: added to the balance; allowance: the add-on's price).</summary>
    public decimal? Amount { get; set; }
    /// <summary>Data the top-up is worth (prepaid: Amount / PricePerGb).</summary>
    public long DataBytes { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
    public string? Note { get; set; }
}
