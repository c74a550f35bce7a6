using Fleet.Central.Finance.Data;

namespace Fleet.Central.Finance;

/// <summary>A SIM as the API and the dashboard show it.</summary>
public sealed record SimView(
    Guid Id,
    string Iccid,
    Guid? VehicleId,
    Guid? TenantId,
    string Carrier,
    string PlanName,
    string Billing,
    long? AllowanceBytes,
    int? PeriodStartDay,
    decimal? PrepaidBalance,
    DateOnly? BalanceAsOf,
    decimal? PricePerGb,
    decimal? PlanPrice,
    string Currency,
    int TopUpLeadTimeDays,
    DateTimeOffset CreatedAt)
{
    public static SimView From(Sim s) => new(
        s.Id, s.Iccid, s.VehicleId, s.TenantId, s.Carrier, s.PlanName, s.Billing.ToString().ToLowerInvariant(),
        s.AllowanceBytes, s.PeriodStartDay, s.PrepaidBalance, s.BalanceAsOf, s.PricePerGb, s.PlanPrice, s.Currency,
        s.TopUpLeadTimeDays, s.CreatedAt);
}

/// <summary>Registers a SIM. Billing "allowance" needs AllowanceBytes (+ PeriodStartDay, default 1);
/// "prepaid" needs PrepaidBalance and PricePerGb (BalanceAsOf defaults to today).</summary>
public sealed record CreateSimRequest(
    string Iccid,
    string Carrier,
    string PlanName,
    string Billing,
    Guid? VehicleId = null,
    long? AllowanceBytes = null,
    int? PeriodStartDay = null,
    decimal? PrepaidBalance = null,
    DateOnly? BalanceAsOf = null,
    decimal? PricePerGb = null,
    decimal? PlanPrice = null,
    string? Currency = null,
    int TopUpLeadTimeDays = 3);

/// <summary>A top-up: prepaid SIMs take Amount (money; data = Amount / PricePerGb unless DataBytes is
/// given), allowance SIMs take DataBytes added to the current period (Amount = what it cost, optional).</summary>
public sealed record TopUpRequest(string RecordedBy, decimal? Amount = null, long? DataBytes = null, string? Note = null);

public sealed record TopUpView(Guid Id, Guid SimId, decimal? Amount, long DataBytes, DateTimeOffset RecordedAt, string RecordedBy, string? Note)
{
    public static TopUpView From(SimTopUp t) => new(t.Id, t.SimId, t.Amount, t.DataBytes, t.RecordedAt, t.RecordedBy, t.Note);
}

public sealed record DailyUsageView(DateOnly Day, long TxBytes, long RxBytes, long TotalBytes, int Samples);

public sealed record SimUsageView(Guid SimId, string Iccid, DateOnly From, DateOnly To, long TotalBytes, IReadOnlyList<DailyUsageView> Days);

/// <summary>Where a SIM stands and when it is expected to run out.</summary>
/// <param name="PeriodStart">Allowance: first day of the current period; prepaid: the balance's day.</param>
/// <param name="Horizon">Last day projected (allowance: period end).</param>
/// <param name="AlertBy">Today + top-up lead time: an earliest run-out on or before this raises an alert.</param>
public sealed record SimForecastView(
    Guid SimId,
    string Iccid,
    string Carrier,
    DateOnly Today,
    DateOnly PeriodStart,
    DateOnly Horizon,
    long AvailableBytes,
    long UsedBytes,
    long UsedTodayBytes,
    long RemainingBytes,
    DateOnly? ExpectedRunOut,
    DateOnly? EarliestRunOut,
    DateOnly AlertBy,
    bool InsideLeadTime,
    int HistoryDays,
    double MeanDailyBytes,
    IReadOnlyList<WeekdayBurn> Weekdays);
