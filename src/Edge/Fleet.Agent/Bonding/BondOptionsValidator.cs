using System.Net;
using Fleet.Bonding.Crypto;
using Fleet.Bonding.Tun;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Bonding;

/// <summary>Checks every bond setting at startup and reports all problems at once.</summary>
public sealed class BondOptionsValidator(IConfiguration configuration) : IValidateOptions<BondOptions>
{
    public const int MaxUplinks = 8;

    public ValidateOptionsResult Validate(string? name, BondOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (configuration["UnknownArguments"] is { Length: > 0 } unknown) errors.Add($"unknown or incomplete arguments: {unknown}");
        if (!IPEndPoint.TryParse(options.Server, out var server) || server.Port == 0) errors.Add($"Server '{options.Server}' is not ADDR:PORT");
        var uplinks = options.UplinkList;
        if (uplinks.Count is 0 or > MaxUplinks) errors.Add($"Uplinks: give 1..{MaxUplinks} source addresses or interface names");
        if (uplinks.Distinct().Count() != uplinks.Count) errors.Add("Uplinks: duplicates");
        if (!LinuxTunOptions.TryParseCidr(options.TunIp, out _, out _, out var cidrError))
            errors.Add($"TunIp: {(options.TunIp.Length == 0 ? "required (e.g. 10.254.0.2/30)" : cidrError)}");
        if (options.TunMtu is < 576 or > 9000) errors.Add($"TunMtu {options.TunMtu} is outside 576..9000");
        if (string.IsNullOrEmpty(options.KeyFile) || !File.Exists(options.KeyFile))
            errors.Add($"KeyFile '{options.KeyFile}' not found (generate one with `fleet-agent bond keygen --out PREFIX`)");
        if (!TryLoadServerKey(options.ServerKey, out _, out var keyError)) errors.Add($"ServerKey: {keyError}");
        if (options.StatsIntervalSeconds is < 0 or > 3600) errors.Add("StatsIntervalSeconds must be 0..3600 (0 = off)");
        if (options.PlayoutHeadroomMs is < 0 or > 1000) errors.Add("PlayoutHeadroomMs must be 0..1000");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static bool TryLoadServerKey(string value, out byte[] publicKey, out string error)
    {
        publicKey = [];
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "required (the server's .pub file or base64 key)";
            return false;
        }
        var text = File.Exists(value) ? File.ReadAllText(value).Trim() : value.Trim();
        return StaticKeyPair.TryParsePublicKey(text, out publicKey, out error);
    }
}
