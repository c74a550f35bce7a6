namespace Fleet.Agent.Modems.Simulation;

/// <summary>AT dialect the simulated modem speaks.</summary>
public enum ModemVendor
{
    Generic,
    Simcom,
    Quectel,
}

/// <summary>What a simulated modem reports: its identity and a route whose signal and position it plays back.</summary>
public sealed class ModemScenario
{
    public ModemVendor Vendor { get; init; } = ModemVendor.Quectel;

    /// <summary>Initial echo state (ATE1 is the factory default on real modems).</summary>
    public bool Echo { get; init; } = true;

    public required IReadOnlyList<RoutePoint> Route { get; init; }

    /// <summary>Replay from the start when the route ends (otherwise the last point stays).</summary>
    public bool Loop { get; init; } = true;

    /// <summary>Wall-clock time of the route's first point, for GNSS timestamps.</summary>
    public DateTimeOffset RouteStart { get; init; } = new(2019, 12, 1, 13, 5, 0, TimeSpan.Zero);

    public string Iccid { get; init; } = "89353010000000000011";

    public string Imei { get; init; } = "867034000000011";

    /// <summary>A single fixed point; handy for unit tests.</summary>
    public static ModemScenario Fixed(ModemVendor vendor, bool echo, RoutePoint point) => new() { Vendor = vendor, Echo = echo, Route = [point] };

    /// <summary>The route point at <paramref name="elapsed"/> since the simulation started.</summary>
    public RoutePoint PointAt(TimeSpan elapsed)
    {
        if (Route.Count == 0)
        {
            throw new InvalidOperationException("scenario route is empty");
        }

        var duration = Route[^1].Offset;
        if (Loop && duration > TimeSpan.Zero && elapsed > duration)
        {
            elapsed = TimeSpan.FromTicks(elapsed.Ticks % (duration.Ticks + TimeSpan.TicksPerSecond));
        }

        // Binary search for the last point at or before elapsed.
        int lo = 0, hi = Route.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (Route[mid].Offset <= elapsed)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return Route[lo];
    }
}
