namespace Fleet.Agent.Gps;

/// <summary>
/// Receivers count GPS weeks in 10 bits, so after each 1024-week epoch (1999-08-22, 2019-04-07, ...)
/// older firmware reports dates 19.6 years in the past. A date before a known-good reference date
/// cannot be true, so it is moved forward by whole 1024-week periods.
/// </summary>
public static class GpsWeekRollover
{
    public static readonly TimeSpan Period = TimeSpan.FromDays(1024 * 7);

    /// <summary>Release date of this agent generation: no real fix can be older.</summary>
    public static readonly DateOnly DefaultReference = new(2025, 1, 1);

    public static DateOnly Correct(DateOnly date, DateOnly reference)
    {
        while (date < reference)
        {
            date = date.AddDays(1024 * 7);
        }

        return date;
    }
}
