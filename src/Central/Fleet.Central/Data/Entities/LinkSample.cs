namespace Fleet.Central.Data.Entities;

/// <summary>One per-carrier link measurement (bonding engine metrics plus modem radio metrics), as the
/// link_samples view shows it: stored compactly in link_series (arrays per vehicle, batch, link and day).</summary>
public sealed class LinkSample
{
    public Guid VehicleId { get; set; }
    public Guid BatchId { get; set; }
    public DateTimeOffset Time { get; set; }
    public required string LinkName { get; set; }
    public string? Iccid { get; set; }
    public string? OperatorName { get; set; }
    public string? MccMnc { get; set; }
    public short? State { get; set; }
    public int? RateKbps { get; set; }
    public int? RttMs { get; set; }
    public int? LossPermille { get; set; }
    public int? WeightPermille { get; set; }
    public short? RssiDbm { get; set; }
    public short? RsrpDbm { get; set; }
    public float? RsrqDb { get; set; }
    public float? SinrDb { get; set; }
    public short? AccessTech { get; set; }
    public long? CellId { get; set; }
    public short? Registration { get; set; }
    public long? TxBytes { get; set; }
    public long? RxBytes { get; set; }
}
