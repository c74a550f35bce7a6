using Fleet.Agent.Telemetry;
using Fleet.Contracts.Telemetry;

namespace Fleet.Agent.Simulation;

/// <summary>
/// Four carriers whose signal random-walks independently, with the rate, RTT and loss a modem
/// would see at that signal, and now and then a short dead spot — enough for the dashboard's
/// per-carrier charts and coverage map to show differences.
/// </summary>
public sealed class SimulatedLinkQualitySource : ILinkQualitySource
{
    private static readonly (string Name, string Operator, string MccMnc, AccessTech Tech)[] Carriers =
    [
        ("wwan0", "Telia", "24491", AccessTech.Nr5GNsa),
        ("wwan1", "Elisa", "24405", AccessTech.Lte),
        ("wwan2", "DNA", "24412", AccessTech.Lte),
        ("wwan3", "Telenor", "24208", AccessTech.Hspa),
    ];

    private readonly Random _random;
    private readonly double[] _rsrp;
    private readonly int[] _outageLeft;
    private readonly ulong[] _cell;

    public SimulatedLinkQualitySource(int seed)
    {
        _random = new Random(seed);
        _rsrp = Carriers.Select(_ => -95 + (_random.NextDouble() * 20)).ToArray();
        _outageLeft = new int[Carriers.Length];
        _cell = Carriers.Select(_ => (ulong)_random.Next(10_000, 900_000)).ToArray();
    }

    public IReadOnlyList<LinkSample> Sample(long unixMs)
    {
        var samples = new List<LinkSample>(Carriers.Length);
        for (var i = 0; i < Carriers.Length; i++)
        {
            var (name, op, mccMnc, tech) = Carriers[i];
            _rsrp[i] = Math.Clamp(_rsrp[i] + ((_random.NextDouble() - 0.5) * 4), -128, -70);
            if (_outageLeft[i] == 0 && _random.NextDouble() < 0.002)
            {
                _outageLeft[i] = _random.Next(5, 40);
            }

            if (_random.NextDouble() < 0.01)
            {
                _cell[i] = (ulong)_random.Next(10_000, 900_000); // handover
            }

            var down = _outageLeft[i] > 0;
            _outageLeft[i] = Math.Max(0, _outageLeft[i] - 1);

            // Map -125..-75 dBm to 0..1 link quality.
            var q = Math.Clamp((_rsrp[i] + 125) / 50, 0, 1);
            var peakKbps = tech switch { AccessTech.Nr5GNsa => 150_000, AccessTech.Lte => 60_000, _ => 8_000 };
            var rate = down ? 0u : (uint)(peakKbps * q * q * (0.8 + (_random.NextDouble() * 0.4)));
            var rtt = down ? 0u : (uint)(25 + ((1 - q) * 120) + _random.Next(0, 15));
            var loss = down ? 1000u : (uint)Math.Round((1 - q) * (1 - q) * 60);
            var bytes = (ulong)(rate * 125 * 0.3); // a third of the capacity in use
            var rsrp = (int)Math.Round(_rsrp[i]);
            samples.Add(new LinkSample(
                name,
                unixMs,
                bytes / 4,
                bytes,
                rate,
                rtt,
                loss,
                down ? 0u : (uint)(250 * (0.5 + q)),
                down ? LinkState.Down : q < 0.25 ? LinkState.Degraded : LinkState.Up,
                rsrp + 20,
                rsrp,
                (int)Math.Round(-200 + (q * 130)),
                (int)Math.Round(-50 + (q * 300)),
                down ? AccessTech.Unknown : tech,
                _cell[i],
                down ? RegistrationState.RegistrationSearching : RegistrationState.RegistrationHome,
                $"894601{seedDigits(i)}",
                op,
                mccMnc));
        }

        return samples;

        string seedDigits(int carrier) => (carrier + 1).ToString("D13", System.Globalization.CultureInfo.InvariantCulture);
    }
}
