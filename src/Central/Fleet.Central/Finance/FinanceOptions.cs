using System.ComponentModel.DataAnnotations;

namespace Fleet.Central.Finance;

/// <summary>Section "Finance".</summary>
public sealed class FinanceOptions
{
    public const string Section = "Finance";

    /// <summary>How often new telemetry batches are summed into daily SIM usage.</summary>
    [Range(1, 86_400)]
    public int UsageIntervalSeconds { get; set; } = 300;

    /// <summary>Look-back window of the run-out forecast.</summary>
    [Range(1, 52)]
    public int ForecastWeeks { get; set; } = 4;

    /// <summary>Days of a weekday needed before that weekday gets its own profile.</summary>
    [Range(1, 52)]
    public int MinSamplesPerWeekday { get; set; } = 2;

    /// <summary>Pessimistic burn = mean + k·sd.</summary>
    [Range(0.0, 10.0)]
    public double PessimismK { get; set; } = 1.645;

    /// <summary>Days of usage recomputed from link samples when a SIM is registered (its history).</summary>
    [Range(0, 400)]
    public int BackfillDays { get; set; } = 56;

    [RegularExpression("^[A-Z]{3}$")]
    public string DefaultCurrency { get; set; } = "EUR";

    public ForecastParameters Forecast => new(ForecastWeeks, MinSamplesPerWeekday, PessimismK);
}
