namespace Fleet.Central.Finance;

/// <summary>Expected and pessimistic daily usage for one weekday, from the days of the look-back window.</summary>
/// <param name="Samples">Days of the window that fell on this weekday.</param>
/// <param name="FellBack">Too few samples for this weekday: the overall mean and deviation stand in.</param>
public sealed record WeekdayBurn(DayOfWeek Day, double MeanBytes, double PessimisticBytes, int Samples, bool FellBack);

/// <summary>When a SIM's remaining data runs out at the usual burn rate (expected) and at a bad-week burn
/// rate (earliest). Null dates: not within the horizon (or no history to judge by).</summary>
public sealed record UsageForecast(
    long RemainingBytes,
    DateOnly? ExpectedRunOut,
    DateOnly? EarliestRunOut,
    DateOnly Horizon,
    int HistoryDays,
    double OverallMeanBytes,
    double OverallStdDevBytes,
    IReadOnlyList<WeekdayBurn> Weekdays)
{
    public bool HasHistory => HistoryDays > 0;
}

/// <summary>Parameters of <see cref="UsageForecaster"/>.</summary>
/// <param name="Weeks">Look-back window in weeks.</param>
/// <param name="MinSamplesPerWeekday">Below this many days of a weekday, that weekday uses the overall figures.</param>
/// <param name="PessimismK">Pessimistic burn = mean + k·sd (1.645 ≈ the 95th percentile of a normal day).</param>
public sealed record ForecastParameters(int Weeks = 4, int MinSamplesPerWeekday = 2, double PessimismK = 1.645, int MaxHorizonDays = 366);
