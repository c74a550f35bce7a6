using Microsoft.Extensions.Options;

namespace Fleet.Agent.Config;

/// <summary>Startup validation: every problem is reported as "path: what is wrong".</summary>
public sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    private static readonly string[] GpsSources = ["nmea-tty", "gpsd", "nmea-file", "modem", "none"];
    private static readonly string[] Vendors = ["generic", "quectel", "simcom", "sierra", "telit", "huawei", "ublox"];

    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        var errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static List<string> Collect(AgentOptions o)
    {
        var errors = new List<string>();

        if (string.IsNullOrWhiteSpace(o.Central))
        {
            errors.Add("central: required");
        }
        else if (!Uri.TryCreate(o.Central, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            errors.Add($"central: must be an http:// or https:// address, got \"{o.Central}\"");
        }

        if (string.IsNullOrWhiteSpace(o.StateDir))
        {
            errors.Add("stateDir: required");
        }

        var hasToken = !string.IsNullOrWhiteSpace(o.EnrollmentToken);
        var hasTokenFile = !string.IsNullOrWhiteSpace(o.EnrollmentTokenFile);
        if (hasToken && hasTokenFile)
        {
            errors.Add("enrollmentToken: give either enrollmentToken or enrollmentTokenFile, not both");
        }
        else if (!hasToken && !hasTokenFile && !string.IsNullOrWhiteSpace(o.StateDir) && !File.Exists(o.IdentityPath))
        {
            errors.Add($"enrollmentToken: required until the agent is enrolled ({o.IdentityPath} does not exist yet); set enrollmentToken or enrollmentTokenFile");
        }
        else if (hasTokenFile && !File.Exists(o.EnrollmentTokenFile) && !File.Exists(o.IdentityPath))
        {
            errors.Add($"enrollmentTokenFile: {o.EnrollmentTokenFile} does not exist");
        }

        ValidateUplinks(o.Uplinks, errors);
        for (var i = 0; i < o.Uplinks.Count; i++)
        {
            if (o.Uplinks[i].Modem is { } modem && o.Modems.All(m => m.Name != modem))
            {
                errors.Add($"uplinks[{i}].modem: \"{modem}\" is not one of the configured modems ({string.Join(", ", o.Modems.Select(m => m.Name))})");
            }
        }

        ValidateModems(o.Modems, errors);
        ValidateGps(o.Gps, o.Modems, errors);
        ValidateIntervals(o.Intervals, errors);

        if (o.Outbox.MaxBytes is < 1024 * 1024 or > 64L * 1024 * 1024 * 1024)
        {
            errors.Add($"outbox.maxBytes: must be 1 MiB..64 GiB (1048576..68719476736), got {o.Outbox.MaxBytes}");
        }

        ValidateTunnel(o.Tunnel, errors);
        return errors;
    }

    private static void ValidateTunnel(TunnelOptions t, List<string> errors)
    {
        if (!t.Enabled)
        {
            return;
        }

        if (!string.IsNullOrWhiteSpace(t.TunIp) && !Fleet.Bonding.Tun.LinuxTunOptions.TryParseCidr(t.TunIp, out _, out _, out _))
        {
            errors.Add($"tunnel.tunIp: must be CIDR (e.g. 100.64.0.7/32), or left out to use the address central allotted at enrollment; got \"{t.TunIp}\"");
        }

        if (t.TunMtu is < 576 or > 9000)
        {
            errors.Add($"tunnel.tunMtu: must be 576..9000, got {t.TunMtu}");
        }

        if (t.FailoverSilenceSeconds is < 0.5 or > 600)
        {
            errors.Add($"tunnel.failoverSilenceSeconds: must be 0.5..600, got {t.FailoverSilenceSeconds}");
        }
    }

    private static void ValidateUplinks(List<UplinkOptions> uplinks, List<string> errors)
    {
        if (uplinks.Count == 0)
        {
            errors.Add("uplinks: at least one uplink is required");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < uplinks.Count; i++)
        {
            var u = uplinks[i];
            if (string.IsNullOrWhiteSpace(u.Name))
            {
                errors.Add($"uplinks[{i}].name: required");
            }
            else if (!names.Add(u.Name))
            {
                errors.Add($"uplinks[{i}].name: \"{u.Name}\" is used by another uplink");
            }

            if (string.IsNullOrWhiteSpace(u.Interface))
            {
                errors.Add($"uplinks[{i}].interface: required");
            }
            else if (u.Interface.Length > 15 || u.Interface.Contains('/') || u.Interface.Any(char.IsWhiteSpace))
            {
                errors.Add($"uplinks[{i}].interface: \"{u.Interface}\" is not a valid interface name (at most 15 characters, no '/' or spaces)");
            }

            if (u.SourceAddress is { } address && !System.Net.IPAddress.TryParse(address, out _))
            {
                errors.Add($"uplinks[{i}].sourceAddress: \"{address}\" is not an IP address");
            }
        }
    }

    private static void ValidateModems(List<ModemOptions> modems, List<string> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < modems.Count; i++)
        {
            var m = modems[i];
            if (string.IsNullOrWhiteSpace(m.Name))
            {
                errors.Add($"modems[{i}].name: required");
            }
            else if (!names.Add(m.Name))
            {
                errors.Add($"modems[{i}].name: \"{m.Name}\" is used by another modem");
            }

            var hasDevice = !string.IsNullOrWhiteSpace(m.Device);
            var hasMm = !string.IsNullOrWhiteSpace(m.ModemManagerId);
            if (hasDevice == hasMm)
            {
                errors.Add($"modems[{i}]: give exactly one of device (a tty path) or modemManagerId");
            }
            else if (hasDevice && !m.Device!.StartsWith("/dev/", StringComparison.Ordinal))
            {
                errors.Add($"modems[{i}].device: must be a tty path under /dev/, got \"{m.Device}\"");
            }

            if (!Vendors.Contains(m.Vendor))
            {
                errors.Add($"modems[{i}].vendor: must be one of {string.Join(", ", Vendors)}, got \"{m.Vendor}\"");
            }
        }
    }

    private static void ValidateGps(GpsOptions g, List<ModemOptions> modems, List<string> errors)
    {
        if (!GpsSources.Contains(g.Source))
        {
            errors.Add($"gps.source: must be one of {string.Join(", ", GpsSources)}, got \"{g.Source}\"");
            return;
        }

        switch (g.Source)
        {
            case "nmea-tty" when string.IsNullOrWhiteSpace(g.Device):
                errors.Add("gps.device: required when gps.source is nmea-tty");
                break;
            case "nmea-file" when string.IsNullOrWhiteSpace(g.Path):
                errors.Add("gps.path: required when gps.source is nmea-file");
                break;
            case "gpsd" when string.IsNullOrWhiteSpace(g.Host):
                errors.Add("gps.host: required when gps.source is gpsd");
                break;
            case "modem" when string.IsNullOrWhiteSpace(g.Modem) || modems.All(m => m.Name != g.Modem):
                errors.Add($"gps.modem: must name one of the configured modems when gps.source is modem, got \"{g.Modem}\"");
                break;
            case "modem" when string.IsNullOrWhiteSpace(g.Device):
                errors.Add("gps.device: required when gps.source is modem (the modem's NMEA tty, e.g. /dev/ttyUSB1)");
                break;
        }

        if (g.Port is < 1 or > 65535)
        {
            errors.Add($"gps.port: must be 1..65535, got {g.Port}");
        }

        if (!(g.ReplaySpeed > 0 && g.ReplaySpeed <= 1000))
        {
            errors.Add($"gps.replaySpeed: must be greater than 0 and at most 1000, got {g.ReplaySpeed}");
        }
    }

    private static void ValidateIntervals(IntervalOptions i, List<string> errors)
    {
        Range(errors, "intervals.gpsMs", i.GpsMs, 100, 60_000);
        Range(errors, "intervals.linkMs", i.LinkMs, 100, 60_000);
        Range(errors, "intervals.healthMs", i.HealthMs, 1000, 600_000);
        Range(errors, "intervals.batchSeconds", i.BatchSeconds, 10, 3600);
    }

    private static void Range(List<string> errors, string path, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{path}: must be {min}..{max}, got {value}");
        }
    }
}
