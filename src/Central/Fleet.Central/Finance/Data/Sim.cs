namespace Fleet.Central.Finance.Data;

/// <summary>How a SIM is paid for.</summary>
public enum SimBilling : short
{
    /// <summary>A data allowance per monthly period (resets on <see cref="Sim.PeriodStartDay"/>); top-ups add data to the period.</summary>
    Allowance = 0,

    /// <summary>A prepaid money balance consumed at <see cref="Sim.PricePerGb"/>; top-ups add money.</summary>
    Prepaid = 1,
}

/// <summary>A SIM card in a vehicle's edge box, as finance knows it (carrier, plan, money).</summary>
public sealed class Sim
{
    public Guid Id { get; set; }
    public required string Iccid { get; set; }
    public Guid? VehicleId { get; set; }
    /// <summary>Owning customer (null = the operator's own fleet), copied from the vehicle when known.</summary>
    public Guid? TenantId { get; set; }
    public required string Carrier { get; set; }
    public required string PlanName { get; set; }
    public SimBilling Billing { get; set; }
    /// <summary>Allowance: bytes per period.</summary>
    public long? AllowanceBytes { get; set; }
    /// <summary>Allowance: day of month (1..28) the period starts.</summary>
    public short? PeriodStartDay { get; set; }
    /// <summary>Prepaid: money left at the start of <see cref="BalanceAsOf"/> (UTC day).</summary>
    public decimal? PrepaidBalance { get; set; }
    public DateOnly? BalanceAsOf { get; set; }
    public decimal? PricePerGb { get; set; }
    public decimal? PlanPrice { get; set; }
    public required string Currency { get; set; }
    /// <summary>Days a top-up takes to arrange: a run-out predicted sooner than this raises an alert.</summary>
    public int TopUpLeadTimeDays { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
