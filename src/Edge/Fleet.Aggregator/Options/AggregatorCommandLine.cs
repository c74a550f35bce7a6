using Microsoft.Extensions.Configuration;

namespace Fleet.Aggregator.Options;

/// <summary>
/// Maps the daemon's flags onto configuration keys. Repeatable flags (--peer) become list entries, which
/// plain switch mappings cannot express.
/// </summary>
public static class AggregatorCommandLine
{
    private static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        ["--listen"] = nameof(AggregatorOptions.Listen),
        ["--tun-name"] = nameof(AggregatorOptions.TunName),
        ["--tun-ip"] = nameof(AggregatorOptions.TunIp),
        ["--tun-mtu"] = nameof(AggregatorOptions.TunMtu),
        ["--key-file"] = nameof(AggregatorOptions.KeyFile),
        ["--nat-out"] = nameof(AggregatorOptions.NatOut),
        ["--stats-interval"] = nameof(AggregatorOptions.StatsIntervalSeconds),
        ["--central"] = nameof(AggregatorOptions.Central),
        ["--registration-key"] = nameof(AggregatorOptions.RegistrationKey),
        ["--name"] = nameof(AggregatorOptions.Name),
        ["--region"] = nameof(AggregatorOptions.Region),
        ["--capacity-sessions"] = nameof(AggregatorOptions.CapacitySessions),
        ["--agent-pool"] = nameof(AggregatorOptions.AgentPool),
    };

    public static IConfigurationBuilder AddAggregatorCommandLine(this IConfigurationBuilder builder, string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var values = new Dictionary<string, string?>();
        var peers = 0;
        var endpoints = 0;
        var unknown = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var flag = args[i];
            var hasValue = i + 1 < args.Length;
            if (flag == "--peer" && hasValue) values[$"{AggregatorOptions.Section}:{nameof(AggregatorOptions.Peers)}:{peers++}"] = args[++i];
            else if (flag == "--endpoint" && hasValue) values[$"{AggregatorOptions.Section}:{nameof(AggregatorOptions.Endpoints)}:{endpoints++}"] = args[++i];
            else if (Flags.TryGetValue(flag, out var key) && hasValue) values[$"{AggregatorOptions.Section}:{key}"] = args[++i];
            else unknown.Add(flag);
        }
        // an unknown flag is reported by validation rather than silently ignored
        if (unknown.Count > 0) values["UnknownArguments"] = string.Join(' ', unknown);
        return builder.AddInMemoryCollection(values);
    }
}
