using Fleet.Central.Finance;

namespace Fleet.Central.Tests.Finance;

/// <summary>The run-out forecast on synthetic usage patterns with known answers.</summary>
public sealed class UsageForecasterTests
{
    private const long Gb = 1_000_000_000;
    private static readonly ForecastParameters Parameters = new(Weeks: 4, MinSamplesPerWeekday: 2, PessimismK: 1.645);

    // 2026-11-18 is a Wednesday.
    private static readonly DateOnly Wednesday = new(2026, 11, 18);

    private static Dictionary<DateOnly, long> History(DateOnly today, int days, Func<DateOnly, long> bytesOn)
    {
        var history = new Dictionary<DateOnly, long>();
        for (var d = today.AddDays(-days); d < today; d = d.AddDays(1))
            history[d] = bytesOn(d);
        return history;
    }

    [Fact]
    public void Forecast_SteadyUsage_RunOutWhenCumulativeMeetsRemaining()
    {
        var history = History(Wednesday, 28, _ => 1 * Gb);

        var forecast = UsageForecaster.Forecast(history, Wednesday, 0, (long)(10.5 * Gb), Wednesday.AddDays(-60), null, Parameters);

        // Today counts 1 GB, so 10.5 GB are used up on the 11th day: today + 10.
        Assert.Equal(Wednesday.AddDays(10), forecast.ExpectedRunOut);
        Assert.Equal(forecast.ExpectedRunOut, forecast.EarliestRunOut); // no variance, no earlier bound
        Assert.Equal(28, forecast.HistoryDays);
        Assert.All(forecast.Weekdays, w => Assert.False(w.FellBack));
    }

    [Fact]
    public void Forecast_WeekdayOnlyUsage_SkipsWeekendsInsteadOfAveraging()
    {
        var friday = Wednesday.AddDays(2);
        var history = History(friday, 28, d => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0 : 2 * Gb);

        var forecast = UsageForecaster.Forecast(history, friday, 0, 5 * Gb, friday.AddDays(-60), null, Parameters);

        // Fri 2 + Sat 0 + Sun 0 + Mon 2 = 4 < 5; Tuesday reaches 6. The overall mean (10/7 GB a day)
        // would have said Monday.
        Assert.Equal(friday.AddDays(4), forecast.ExpectedRunOut);
        Assert.Equal(DayOfWeek.Tuesday, forecast.ExpectedRunOut!.Value.DayOfWeek);
        Assert.Equal(0, forecast.Weekdays[(int)DayOfWeek.Sunday].MeanBytes);
        Assert.Equal(2 * Gb, forecast.Weekdays[(int)DayOfWeek.Monday].MeanBytes, 3);
    }

    [Fact]
    public void Forecast_ErraticUsage_PessimisticBoundIsMeanPlusKSigmaAndRunsOutEarlier()
    {
        // Alternating weeks: 1 GB, 3 GB, 1 GB, 3 GB on every weekday → mean 2 GB, sample sd = 2/sqrt(3) GB.
        var history = History(Wednesday, 28, d => ((Wednesday.DayNumber - d.DayNumber - 1) / 7) % 2 == 0 ? 1 * Gb : 3 * Gb);

        var forecast = UsageForecaster.Forecast(history, Wednesday, 0, 20 * Gb, Wednesday.AddDays(-60), null, Parameters);

        var sd = 2 / Math.Sqrt(3) * Gb;
        var monday = forecast.Weekdays[(int)DayOfWeek.Monday];
        Assert.Equal(4, monday.Samples);
        Assert.Equal(2 * Gb, monday.MeanBytes, 1);
        Assert.Equal((2 * Gb) + (1.645 * sd), monday.PessimisticBytes, 1);
        Assert.Equal(Wednesday.AddDays(9), forecast.ExpectedRunOut);       // 10 days × 2 GB = 20 GB
        var pessimisticDaily = (2 * Gb) + (1.645 * sd);                    // ≈ 3.9 GB a day
        var earliestIndex = (int)Math.Ceiling(20 * Gb / pessimisticDaily) - 1;
        Assert.Equal(Wednesday.AddDays(earliestIndex), forecast.EarliestRunOut);
        Assert.True(forecast.EarliestRunOut < forecast.ExpectedRunOut);
    }

    [Fact]
    public void Forecast_FewDaysOfHistory_WeekdaysFallBackToOverallMean()
    {
        var history = History(Wednesday, 5, d => d.DayOfWeek == DayOfWeek.Monday ? 4 * Gb : 1 * Gb);

        var forecast = UsageForecaster.Forecast(history, Wednesday, 0, 100 * Gb, Wednesday.AddDays(-5), null, Parameters);

        Assert.Equal(5, forecast.HistoryDays);
        Assert.All(forecast.Weekdays, w => Assert.True(w.FellBack));
        Assert.Equal(1.6 * Gb, forecast.OverallMeanBytes, 1);
        Assert.All(forecast.Weekdays, w => Assert.Equal(1.6 * Gb, w.MeanBytes, 1));
    }

    [Fact]
    public void Forecast_UsageAlreadyRecordedToday_OnlyTheRestOfTodayCounts()
    {
        var history = History(Wednesday, 28, _ => 2 * Gb);

        // 1.5 GB used today already (and already taken off "remaining"): 0.5 GB more today, then 2 a day.
        var forecast = UsageForecaster.Forecast(history, Wednesday, (long)(1.5 * Gb), (long)(2.4 * Gb), Wednesday.AddDays(-60), null, Parameters);

        Assert.Equal(Wednesday.AddDays(1), forecast.ExpectedRunOut);
    }

    [Fact]
    public void Forecast_NothingLeft_RunsOutToday()
    {
        var forecast = UsageForecaster.Forecast(History(Wednesday, 28, _ => Gb), Wednesday, 0, -5, Wednesday.AddDays(-60), null, Parameters);

        Assert.Equal(Wednesday, forecast.ExpectedRunOut);
        Assert.Equal(Wednesday, forecast.EarliestRunOut);
    }

    [Fact]
    public void Forecast_AllowanceOutlastsPeriod_NoRunOutBeforeHorizon()
    {
        var history = History(Wednesday, 28, _ => 1 * Gb);
        var periodEnd = Wednesday.AddDays(5);

        var forecast = UsageForecaster.Forecast(history, Wednesday, 0, 50 * Gb, Wednesday.AddDays(-60), periodEnd, Parameters);

        Assert.Null(forecast.ExpectedRunOut);
        Assert.Null(forecast.EarliestRunOut);
        Assert.Equal(periodEnd, forecast.Horizon);
    }

    [Fact]
    public void Forecast_NoHistory_NoDates()
    {
        var forecast = UsageForecaster.Forecast(new Dictionary<DateOnly, long>(), Wednesday, 0, 5 * Gb, Wednesday, null, Parameters);

        Assert.False(forecast.HasHistory);
        Assert.Null(forecast.ExpectedRunOut);
    }
}
