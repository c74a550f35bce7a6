namespace Fleet.Central.Finance;

/// <summary>Run-out forecast from daily usage. Buses and trains run to timetables, so usage follows the
/// week (a weekday route, a quiet Sunday): the burn is estimated per weekday over the last N weeks and
/// projected day by day; a weekday with too little history falls back to the overall mean. The
/// pessimistic projection uses mean + k·sd per weekday, so a SIM whose usage is erratic is flagged earlier
/// than one that burns the same on average but steadily.</summary>
public static class UsageForecaster
{
    /// <param name="dailyUsage">Bytes per completed day (missing days inside the window count as zero).</param>
    /// <param name="today">The current (partial) day.</param>
    /// <param name="usedTodayBytes">Usage already recorded today (already subtracted from <paramref name="remainingBytes"/>).</param>
    /// <param name="remainingBytes">Data left now.</param>
    /// <param name="activeSince">First day the SIM could have been used; days before it are not history.</param>
    /// <param name="horizon">Last day to project to (an allowance period's last day), at most MaxHorizonDays ahead.</param>
    public static UsageForecast Forecast(
        IReadOnlyDictionary<DateOnly, long> dailyUsage,
        DateOnly today,
        long usedTodayBytes,
        long remainingBytes,
        DateOnly activeSince,
        DateOnly? horizon,
        ForecastParameters parameters)
    {
        var lastDay = today.AddDays(Math.Max(0, parameters.MaxHorizonDays));
        var end = horizon is { } h && h < lastDay ? h : lastDay;

        // History: the completed days of the window, zero where nothing was recorded (a parked bus uses nothing).
        var windowStart = today.AddDays(-7 * parameters.Weeks);
        if (activeSince > windowStart)
            windowStart = activeSince;
        var byWeekday = new List<double>[7];
        for (var i = 0; i < 7; i++)
            byWeekday[i] = [];
        var all = new List<double>();
        for (var day = windowStart; day < today; day = day.AddDays(1))
        {
            var bytes = dailyUsage.TryGetValue(day, out var b) ? Math.Max(0, b) : 0;
            byWeekday[(int)day.DayOfWeek].Add(bytes);
            all.Add(bytes);
        }

        var (overallMean, overallSd) = MeanAndStdDev(all);
        var weekdays = new WeekdayBurn[7];
        for (var i = 0; i < 7; i++)
        {
            var samples = byWeekday[i];
            if (samples.Count >= Math.Max(1, parameters.MinSamplesPerWeekday))
            {
                var (mean, sd) = MeanAndStdDev(samples);
                weekdays[i] = new WeekdayBurn((DayOfWeek)i, mean, mean + (parameters.PessimismK * sd), samples.Count, FellBack: false);
            }
            else
            {
                weekdays[i] = new WeekdayBurn((DayOfWeek)i, overallMean, overallMean + (parameters.PessimismK * overallSd), samples.Count, FellBack: true);
            }
        }

        DateOnly? expected = null, earliest = null;
        if (remainingBytes <= 0)
        {
            expected = earliest = today;
        }
        else if (all.Count > 0)
        {
            expected = RunOut(weekdays, w => w.MeanBytes, today, usedTodayBytes, remainingBytes, end);
            earliest = RunOut(weekdays, w => w.PessimisticBytes, today, usedTodayBytes, remainingBytes, end);
        }

        return new UsageForecast(remainingBytes, expected, earliest, end, all.Count, overallMean, overallSd, weekdays);
    }

    /// <summary>The first day on which projected cumulative usage reaches what is left. Today only counts
    /// for what its profile says is still to come (profile minus what was already used today).</summary>
    private static DateOnly? RunOut(WeekdayBurn[] weekdays, Func<WeekdayBurn, double> burn, DateOnly today,
        long usedTodayBytes, long remainingBytes, DateOnly end)
    {
        double cumulative = 0;
        for (var day = today; day <= end; day = day.AddDays(1))
        {
            var expectedForDay = burn(weekdays[(int)day.DayOfWeek]);
            cumulative += day == today ? Math.Max(0, expectedForDay - usedTodayBytes) : expectedForDay;
            if (cumulative >= remainingBytes)
                return day;
        }
        return null;
    }

    private static (double Mean, double StdDev) MeanAndStdDev(List<double> values)
    {
        if (values.Count == 0)
            return (0, 0);
        var mean = values.Average();
        if (values.Count == 1)
            return (mean, 0);
        var sumSquares = values.Sum(v => (v - mean) * (v - mean));
        return (mean, Math.Sqrt(sumSquares / (values.Count - 1)));
    }
}
