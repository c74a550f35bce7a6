using System.Globalization;
using Fleet.LinkShaper.Config;
using Fleet.LinkShaper.Model;

namespace Fleet.LinkShaper.Control;

/// <summary>
/// Applies control commands to the directions of each link and fires the configured events at their time
/// after the epoch. Shared by the FIFO reader and the event timer; <see cref="Apply"/> is serialised.
/// The direction shapers are reached through a callback so this class is testable without sockets.
/// </summary>
public sealed class ShaperController
{
    private readonly Dictionary<string, LinkDirections> _links;
    private readonly List<(long AtUs, ShaperCommand Command, string Text)> _events = [];
    private readonly Func<long> _nowUs;
    private readonly TextWriter _output;
    private readonly Lock _gate = new();
    private int _nextEvent;

    /// <summary>The two directions of one link, their configured settings and how to change them safely.</summary>
    public sealed record LinkDirections(string Name, DirectionSettings UpConfigured, DirectionSettings DownConfigured,
        Action<Directions, Action<DirectionShaper>> Update, Func<Directions, ShaperCounters> Counters);

    public ShaperController(IEnumerable<LinkDirections> links, IEnumerable<EventConfig> events, Func<long> nowUs, TextWriter output)
    {
        _links = links.ToDictionary(l => l.Name);
        _nowUs = nowUs;
        _output = output;
        foreach (var e in events.OrderBy(e => e.At))
            if (ShaperCommand.TryParse(e.Command, out var c, out _)) _events.Add(((long)(e.At * 1e6), c, e.Command));
        EpochUs = nowUs();
    }

    public long EpochUs { get; private set; }

    /// <summary>Fires every event whose time has come; returns µs until the next one (or -1 when none is left).</summary>
    public long FireDueEvents()
    {
        lock (_gate)
        {
            var elapsed = _nowUs() - EpochUs;
            while (_nextEvent < _events.Count && _events[_nextEvent].AtUs <= elapsed)
            {
                var (at, command, text) = _events[_nextEvent++];
                _output.WriteLine($"shaper: t={at / 1e6:F1}s {text}");
                ApplyLocked(command);
            }
            return _nextEvent < _events.Count ? _events[_nextEvent].AtUs - elapsed : -1;
        }
    }

    public string Apply(ShaperCommand command)
    {
        lock (_gate) return ApplyLocked(command);
    }

    private string ApplyLocked(ShaperCommand c)
    {
        if (c.Verb == ShaperVerb.Epoch)
        {
            EpochUs = _nowUs();
            _nextEvent = 0;
            // traces restart with the epoch; rate/delay changes made by commands are reset with it
            foreach (var link in _links.Values)
            {
                link.Update(Directions.Up, s => s.Reconfigure(Shifted(link.UpConfigured)));
                link.Update(Directions.Down, s => s.Reconfigure(Shifted(link.DownConfigured)));
            }
            return "ok epoch";
        }
        if (c.Verb == ShaperVerb.Stats) return Stats();
        if (!_links.TryGetValue(c.Link, out var l)) return $"error: no link '{c.Link}' (have {string.Join(",", _links.Keys)})";
        switch (c.Verb)
        {
            case ShaperVerb.Blackhole:
                l.Update(c.Directions, s => s.Blackholed = true);
                break;
            case ShaperVerb.Restore:
                l.Update(Directions.Up, s => { s.Blackholed = false; s.Reconfigure(Shifted(l.UpConfigured)); });
                l.Update(Directions.Down, s => { s.Blackholed = false; s.Reconfigure(Shifted(l.DownConfigured)); });
                break;
            case ShaperVerb.Rate:
                l.Update(c.Directions, s => s.Reconfigure(s.Settings with { Capacity = new ConstantCapacity(c.Value * 1e6) }));
                break;
            case ShaperVerb.Delay:
                l.Update(c.Directions, s => s.Reconfigure(s.Settings with { DelayUs = (long)(c.Value * 1000), JitterUs = (long)(c.Value2 * 1000) }));
                break;
            case ShaperVerb.Loss:
                l.Update(c.Directions, s => s.Reconfigure(s.Settings with { Loss = c.Value > 0 ? new RandomLoss(c.Value / 100) : null }));
                break;
        }
        return $"ok {c.Verb.ToString().ToLowerInvariant()} {c.Link}";
    }

    private DirectionSettings Shifted(DirectionSettings configured) =>
        configured.Capacity is ConstantCapacity ? configured : configured with { Capacity = new ShiftedCapacity(configured.Capacity, EpochUs) };

    public string Stats()
    {
        var lines = _links.Values.SelectMany(l => new[]
        {
            $"link {l.Name} up   {l.Counters(Directions.Up)}",
            $"link {l.Name} down {l.Counters(Directions.Down)}",
        });
        return string.Join('\n', lines) + string.Create(CultureInfo.InvariantCulture, $"\nelapsed {(_nowUs() - EpochUs) / 1e6:F1}s");
    }
}
