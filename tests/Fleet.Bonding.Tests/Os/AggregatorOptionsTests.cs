using Fleet.Aggregator.Options;
using Fleet.Bonding.Crypto;
using Microsoft.Extensions.Configuration;

namespace Fleet.Bonding.Tests.Os;

/// <summary>The aggregator's command line and startup validation (benchmark mode flags).</summary>
public sealed class AggregatorOptionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-agg-opts").FullName;

    [Fact]
    public void CommandLine_BenchFlags_BindAndValidate()
    {
        using var key = StaticKeyPair.Generate();
        using var agent = StaticKeyPair.Generate();
        var keyFile = Path.Combine(_dir, "server.key");
        var pubFile = Path.Combine(_dir, "agent.pub");
        File.WriteAllText(keyFile, key.ExportPem());
        File.WriteAllText(pubFile, agent.PublicKeyBase64 + "\n");

        var (options, config) = Bind("--listen", "10.250.0.1:7000", "--tun-ip", "10.254.0.1/30", "--key-file", keyFile,
            "--peer", $"{pubFile}=10.254.0.2/32,10.10.0.0/24", "--peer", $"{agent.PublicKeyBase64}=10.254.0.6/32", "--nat-out", "inet0");

        Assert.Equal("10.250.0.1:7000", options.Listen);
        Assert.Equal(2, options.Peers.Count);
        Assert.Equal("inet0", options.NatOut);
        var result = new AggregatorOptionsValidator(config).Validate(null, options);
        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.True(PeerSpec.TryParse(options.Peers[1], out var spec, out var error), error);
        Assert.Equal(agent.PublicKey, spec.PublicKey);
    }

    [Fact]
    public void Validate_BadValues_ReportsEachProblem()
    {
        var (options, config) = Bind("--listen", "nowhere", "--tun-ip", "10.254.0.1/40", "--key-file", "/nonexistent.key",
            "--peer", "notbase64=10.0.0.0/8", "--bogus");
        var result = new AggregatorOptionsValidator(config).Validate(null, options);
        Assert.False(result.Succeeded);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.Contains("Listen"));
        Assert.Contains(failures, f => f.Contains("TunIp"));
        Assert.Contains(failures, f => f.Contains("KeyFile"));
        Assert.Contains(failures, f => f.Contains("public key"));
        Assert.Contains(failures, f => f.Contains("--bogus"));
    }

    private static (AggregatorOptions, IConfiguration) Bind(params string[] args)
    {
        var config = new ConfigurationBuilder().AddAggregatorCommandLine(args).Build();
        var options = new AggregatorOptions();
        config.GetSection(AggregatorOptions.Section).Bind(options);
        return (options, config);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
