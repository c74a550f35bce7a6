using Fleet.Agent.Modems.At;
using Fleet.Agent.Modems.Parsing.Quectel;
using Fleet.Agent.Modems.Parsing.Simcom;
using Fleet.Agent.Modems.Simulation;

namespace Fleet.Agent.Modems.Gnss;

/// <summary>
/// Reads the modem's GNSS over AT: SIMCom AT+CGPSINFO (after AT+CGPS=1), Quectel AT+QGPSLOC=2 (after AT+QGPS=1).
/// The engine is switched on once per reader; "already on" errors are ignored. No fix → null.
/// </summary>
public sealed class ModemGnssReader(IAtChannel channel, Func<ModemVendor> vendor, TimeSpan timeout) : IModemGnss
{
    private bool _enabled;

    public async Task<ModemGnssFix?> ReadFixAsync(CancellationToken cancellationToken)
    {
        var v = vendor();
        if (v == ModemVendor.Generic || !channel.IsConnected)
        {
            return null;
        }

        if (!_enabled)
        {
            await channel.SendAsync(v == ModemVendor.Simcom ? "AT+CGPS=1" : "AT+QGPS=1", timeout, cancellationToken).ConfigureAwait(false);
            _enabled = true;
        }

        var result = await channel.SendAsync(v == ModemVendor.Simcom ? "AT+CGPSINFO" : "AT+QGPSLOC=2", timeout, cancellationToken).ConfigureAwait(false);
        if (result.Status is AtStatus.PortGone or AtStatus.NotConnected)
        {
            // The modem restarted: its GNSS engine is off again.
            _enabled = false;
        }

        return !result.IsOk ? null
            : v == ModemVendor.Simcom ? SimcomParsers.ParseCgpsInfo(result.Text) ?? SimcomParsers.ParseCgnssInfo(result.Text)
            : QuectelGnssParser.ParseQgpsLoc(result.Text);
    }
}
