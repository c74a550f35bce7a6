using Fleet.Agent.Config;
using Fleet.Agent.Coverage;
using Fleet.Agent.Sync;
using Fleet.Bonding;
using Fleet.Bonding.Crypto;
using Fleet.Bonding.Tun;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Bonding;

/// <summary>`fleet-agent run` with tunnel.enabled: the TUN device and <see cref="VehicleTunnels"/> keyed with the
/// identity from enrollment, pointed wherever central's assignment says.</summary>
public sealed partial class TunnelService(
    IOptions<AgentOptions> options,
    IOptions<CoverageHintOptions> hintOptions,
    CentralConnection central,
    IAssignmentProvider assignments,
    CoverageHintProvider hints,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    ILogger<TunnelService> logger,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        // The address central allotted at enrollment, unless the config pins one.
        var tunIp = string.IsNullOrWhiteSpace(o.Tunnel.TunIp) ? central.Identity.TunnelAddress : o.Tunnel.TunIp;
        if (!LinuxTunOptions.TryParseCidr(tunIp ?? "", out var address, out var prefixLength, out _))
        {
            LogStartFailed(logger, "no tunnel address: this device was enrolled before central allotted them; set tunnel.tunIp or enroll again");
            Environment.ExitCode = 1;
            lifetime.StopApplication();
            return;
        }

        LinuxTunDevice? tun = null;
        StaticKeyPair? key = null;
        try
        {
            key = StaticKeyPair.FromPkcs8(Convert.FromBase64String(central.Identity.TunnelPrivateKeyPkcs8));
            tun = LinuxTunDevice.Open(new LinuxTunOptions { Name = o.Tunnel.TunName, Mtu = o.Tunnel.TunMtu, Address = address, PrefixLength = prefixLength });
            // The engine's dead-spot factor and the provider's multiplier describe the same thing: keep them equal.
            var bonding = new BondingOptions { DeadSpotWeightFactor = hintOptions.Value.DeadSpotMultiplier };
            var tunnels = new AssignedTunnels(tun, key, VehicleTunnels.UplinkSpecs(o.Uplinks), bonding,
                TimeSpan.FromSeconds(o.Tunnel.FailoverSilenceSeconds), time, loggerFactory);
            LogStarted(logger, tun.Name, tunIp!);
            await new VehicleTunnels(tunnels, hintOptions.Value.Enabled ? hints : null, o.Uplinks).RunAsync(assignments, stoppingToken);
        }
        catch (Exception e) when (e is TunDeviceException or IOException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            LogStartFailed(logger, e.Message);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
        finally
        {
            tun?.Dispose();
            key?.Dispose();
        }
    }
}
