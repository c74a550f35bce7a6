using System.Globalization;
using Fleet.Agent.Config;
using Fleet.Contracts.Telemetry;

namespace Fleet.Agent.Telemetry;

/// <summary>
/// Reads /sys/class/net/IFACE/statistics/{tx,rx}_bytes and operstate of the configured uplinks and
/// reports bytes moved since the previous sample. Radio and bonding fields stay zero/unknown.
/// </summary>
public sealed class SysfsLinkQualitySource(IReadOnlyList<UplinkOptions> uplinks, string sysClassNet = "/sys/class/net") : ILinkQualitySource
{
    private readonly Dictionary<string, (ulong Tx, ulong Rx)> _last = new(StringComparer.Ordinal);

    public IReadOnlyList<LinkSample> Sample(long unixMs)
    {
        var samples = new List<LinkSample>(uplinks.Count);
        foreach (var u in uplinks)
        {
            var dir = Path.Combine(sysClassNet, u.Interface!);
            var tx = ReadCounter(Path.Combine(dir, "statistics", "tx_bytes"));
            var rx = ReadCounter(Path.Combine(dir, "statistics", "rx_bytes"));
            var operstate = ReadText(Path.Combine(dir, "operstate"));
            var state = operstate switch
            {
                null => LinkState.Down, // interface gone (modem unplugged)
                "up" or "unknown" => LinkState.Up, // wwan/tun devices often report "unknown" while working
                _ => LinkState.Down,
            };

            ulong dTx = 0, dRx = 0;
            if (tx is not null && rx is not null)
            {
                // A counter going backwards means the interface was re-created: start again from it.
                if (_last.TryGetValue(u.Name!, out var last))
                {
                    dTx = tx.Value >= last.Tx ? tx.Value - last.Tx : tx.Value;
                    dRx = rx.Value >= last.Rx ? rx.Value - last.Rx : rx.Value;
                }

                _last[u.Name!] = (tx.Value, rx.Value);
            }

            samples.Add(new LinkSample(u.Name!, unixMs, dTx, dRx, 0, 0, 0, 0, state, 0, 0, 0, 0, AccessTech.Unknown, 0, RegistrationState.RegistrationUnknown));
        }

        return samples;
    }

    private static ulong? ReadCounter(string path) =>
        ulong.TryParse(ReadText(path), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
