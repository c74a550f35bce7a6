using Fleet.Aggregator.Central;
using Fleet.Aggregator.Keys;
using Fleet.Aggregator.Nat;
using Fleet.Aggregator.Options;
using Fleet.Aggregator.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Aggregator;

/// <summary>Dispatches subcommands and builds the Generic Host for the daemon.</summary>
public static class AggregatorProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        switch (args)
        {
            case ["keygen", .. var rest]:
                return KeygenCommand.Run(rest, Console.Out, Console.Error);
            case ["--help" or "-h" or "help", ..]:
                Console.Error.WriteLine(Usage);
                return 0;
            case ["run", .. var rest]:
                args = rest;
                break;
        }

        var builder = Host.CreateApplicationBuilder([]);
        builder.Configuration.AddAggregatorCommandLine(args);
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        builder.Services.AddOptions<AggregatorOptions>()
            .Bind(builder.Configuration.GetSection(AggregatorOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AggregatorOptions>, AggregatorOptionsValidator>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<NftablesNat>();
        builder.Services.AddSingleton<AggregatorRuntime>();
        builder.Services.AddHostedService<AggregatorService>();
        builder.Services.AddHostedService<CentralLink>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));

        try
        {
            using var host = builder.Build();
            await host.RunAsync();
            return Environment.ExitCode;
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures) Console.Error.WriteLine($"fleet-aggregator: {failure}");
            Console.Error.WriteLine(Usage);
            return 2;
        }
    }

    public const string Usage = """
        usage: fleet-aggregator [run] --listen ADDR:PORT --tun-ip CIDR --key-file FILE
                                (--central URL --registration-key KEY [--endpoint HOST:PORT]... [--name NAME] [--region REGION]
                                 [--capacity-sessions N] [--agent-pool CIDR] | --peer PUBKEY=PREFIX[,PREFIX...]...)
                                [--tun-name NAME] [--tun-mtu N] [--nat-out IFACE] [--stats-interval SECONDS]
               fleet-aggregator keygen --out PREFIX      (writes PREFIX.key and PREFIX.pub)
          With --central the server registers, heartbeats every few seconds and admits the agents central enrolled.
          PUBKEY is a .pub file or the base64 key itself; --peer may be repeated. Settings can also come from
          appsettings.json / environment (section "Aggregator", e.g. Aggregator__Listen).
        """;
}
