using System.Net;
using Fleet.Bonding;
using Fleet.Bonding.Tun;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Fleet.Aggregator.Options;

/// <summary>Checks every setting at startup and reports all problems at once.</summary>
public sealed class AggregatorOptionsValidator(IConfiguration configuration) : IValidateOptions<AggregatorOptions>
{
    public ValidateOptionsResult Validate(string? name, AggregatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (configuration["UnknownArguments"] is { Length: > 0 } unknown) errors.Add($"unknown or incomplete arguments: {unknown}");
        if (!IPEndPoint.TryParse(options.Listen, out var listen) || listen.Port == 0)
            errors.Add($"Listen '{options.Listen}' is not ADDR:PORT");
        if (!LinuxTunOptions.TryParseCidr(options.TunIp, out _, out _, out var cidrError))
            errors.Add($"TunIp: {(options.TunIp.Length == 0 ? "required (e.g. 10.254.0.1/30)" : cidrError)}");
        if (options.TunMtu is < 576 or > 9000) errors.Add($"TunMtu {options.TunMtu} is outside 576..9000");
        if (string.IsNullOrEmpty(options.KeyFile)) errors.Add("KeyFile is required (generate one with `fleet-aggregator keygen`)");
        else if (!File.Exists(options.KeyFile)) errors.Add($"KeyFile '{options.KeyFile}' not found");
        if (options.Peers.Count == 0 && options.Central.Length == 0)
            errors.Add("agents come from --central URL (with --registration-key) or from --peer PUBKEY=PREFIXES: give one");
        if (options.Central.Length > 0)
        {
            if (!Uri.TryCreate(options.Central, UriKind.Absolute, out var central) || central.Scheme is not ("http" or "https"))
                errors.Add($"Central '{options.Central}' is not an http(s) URL (e.g. http://central:5081)");
            if (options.RegistrationKey.Length == 0) errors.Add("RegistrationKey is required with --central (central's Central:AggregatorRegistrationKey)");
            if (options.AnnouncedEndpoints.Count == 0)
                errors.Add("with --central, give --endpoint HOST:PORT (where agents reach this server) or --listen on a specific address");
            foreach (var endpoint in options.Endpoints)
                if (!endpoint.Contains(':', StringComparison.Ordinal)) errors.Add($"endpoint '{endpoint}' is not HOST:PORT");
            if (options.CapacitySessions is < 1 or > 1_000_000) errors.Add("CapacitySessions must be 1..1000000");
            if (!IpPrefix.TryParse(options.AgentPool, out _, out var poolError)) errors.Add($"AgentPool '{options.AgentPool}': {poolError}");
        }
        foreach (var peer in options.Peers)
            if (!PeerSpec.TryParse(peer, out _, out var error)) errors.Add($"peer '{peer}': {error}");
        if (options.StatsIntervalSeconds is < 0 or > 3600) errors.Add("StatsIntervalSeconds must be 0..3600 (0 = off)");
        if (options.PlayoutHeadroomMs is < 0 or > 1000) errors.Add("PlayoutHeadroomMs must be 0..1000");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
