using Fleet.Central.Finance;

namespace Fleet.Central.Dashboard.Finance;

/// <summary>One line of the finance SIM table (and of its CSV export): the SIM, its vehicle's name and its
/// run-out forecast (null with <see cref="ForecastError"/> when the forecast could not be made).</summary>
public sealed record SimFinanceRow(SimView Sim, string? VehicleName, SimForecastView? Forecast, string? ForecastError)
{
    public const double BytesPerGb = 1e9;

    public double? RemainingGb => Forecast is { } f ? f.RemainingBytes / BytesPerGb : null;

    /// <summary>Mean data per day over the forecast's history.</summary>
    public double? BurnGbPerDay => Forecast is { HistoryDays: > 0 } f ? f.MeanDailyBytes / BytesPerGb : null;

    /// <summary>What that burn costs per day: prepaid SIMs pay per GB; allowance SIMs have no marginal price.</summary>
    public decimal? BurnCostPerDay => BurnGbPerDay is { } gb && Sim.PricePerGb is { } price ? (decimal)gb * price : null;

    public bool InsideLeadTime => Forecast?.InsideLeadTime == true;

    public bool RunOut => Forecast is { RemainingBytes: <= 0 };
}
