using Fleet.Bonding.Crypto;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Bonding;

/// <summary>
/// `fleet-agent bond …`: runs only the bonding data plane — a TUN device, one UDP socket per uplink and the
/// bonding engine's client façade — without central (keys come from files). Used by bench/bond.sh and for
/// field tests of a box.
/// </summary>
public static class BondCommand
{
    public const string Usage = """
        usage: fleet-agent bond --server ADDR:PORT --uplinks "10.201.1.1 10.201.2.1 up3 ..." --tun-ip CIDR
                                --key-file FILE --server-key PUBFILE_OR_BASE64
                                [--tun-name NAME] [--tun-mtu N] [--mode bond|redundant|balance] [--stats-interval S]
               fleet-agent bond keygen --out PREFIX      (writes PREFIX.key and PREFIX.pub)
          Each uplink is a source address (policy routing picks the modem) or an interface name (SO_BINDTODEVICE
          plus its address). Uplinks may appear and vanish while running; they are checked every second.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        switch (args)
        {
            case ["keygen", "--out", var prefix]:
                return Keygen(prefix);
            case ["keygen", ..]:
                Console.Error.WriteLine("usage: fleet-agent bond keygen --out PREFIX");
                return 2;
            case ["--help" or "-h" or "help", ..]:
                Console.Error.WriteLine(Usage);
                return 0;
        }

        var builder = Host.CreateApplicationBuilder([]);
        builder.Configuration.AddBondCommandLine(args);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        builder.Services.AddOptions<BondOptions>().Bind(builder.Configuration.GetSection(BondOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BondOptions>, BondOptionsValidator>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<BondService>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        try
        {
            using var host = builder.Build();
            await host.RunAsync();
            return Environment.ExitCode;
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures) Console.Error.WriteLine($"fleet-agent bond: {failure}");
            Console.Error.WriteLine(Usage);
            return 2;
        }
    }

    private static int Keygen(string prefix)
    {
        try
        {
            using var key = StaticKeyPair.Generate();
            File.WriteAllText(prefix + ".key", key.ExportPem());
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(prefix + ".key", UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.WriteAllText(prefix + ".pub", key.PublicKeyBase64 + "\n");
            Console.WriteLine($"{prefix}.key {prefix}.pub");
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"keygen: {e.Message}");
            return 1;
        }
    }
}
