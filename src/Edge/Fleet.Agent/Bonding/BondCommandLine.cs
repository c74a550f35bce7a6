using Microsoft.Extensions.Configuration;

namespace Fleet.Agent.Bonding;

/// <summary>Maps `fleet-agent bond` flags onto configuration keys; unknown flags are reported by validation.</summary>
public static class BondCommandLine
{
    private static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        ["--server"] = nameof(BondOptions.Server),
        ["--uplinks"] = nameof(BondOptions.Uplinks),
        ["--tun-name"] = nameof(BondOptions.TunName),
        ["--tun-ip"] = nameof(BondOptions.TunIp),
        ["--tun-mtu"] = nameof(BondOptions.TunMtu),
        ["--key-file"] = nameof(BondOptions.KeyFile),
        ["--server-key"] = nameof(BondOptions.ServerKey),
        ["--mode"] = nameof(BondOptions.Mode),
        ["--stats-interval"] = nameof(BondOptions.StatsIntervalSeconds),
    };

    public static IConfigurationBuilder AddBondCommandLine(this IConfigurationBuilder builder, string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var values = new Dictionary<string, string?>();
        var unknown = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (Flags.TryGetValue(args[i], out var key) && i + 1 < args.Length) values[$"{BondOptions.Section}:{key}"] = args[++i];
            else unknown.Add(args[i]);
        }
        if (unknown.Count > 0) values["UnknownArguments"] = string.Join(' ', unknown);
        return builder.AddInMemoryCollection(values);
    }
}
