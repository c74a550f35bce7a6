namespace Fleet.Agent.Sync;

/// <summary>
/// Exponential backoff with jitter: the n-th failure waits between half and all of
/// min(cap, initial·2ⁿ), so a fleet that lost central at once does not retry in lockstep.
/// </summary>
public sealed class Backoff(TimeSpan initial, TimeSpan cap, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;
    private int _failures;

    public static Backoff Default() => new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

    public int Failures => _failures;

    public TimeSpan NextDelay()
    {
        var exp = Math.Min(_failures, 30);
        _failures++;
        var ceiling = Math.Min(cap.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, exp));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (_random.NextDouble() * 0.5)));
    }

    public void Reset() => _failures = 0;
}
