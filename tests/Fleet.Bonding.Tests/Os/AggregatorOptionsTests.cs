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

    [Fact]
    public void CommandLine_CentralMode_BindsWithoutPeersAndAnnouncesEndpoints()
    {
        using var key = StaticKeyPair.Generate();
        var keyFile = Path.Combine(_dir, "server.key");
        File.WriteAllText(keyFile, key.ExportPem());

        var (options, config) = Bind("--listen", "0.0.0.0:7000", "--tun-ip", "10.254.0.1/30", "--key-file", keyFile,
            "--central", "http://central:5081", "--registration-key", "k", "--name", "agg-1", "--region", "eu-north",
            "--endpoint", "agg1.example.net:7000", "--endpoint", "192.0.2.7:7000", "--capacity-sessions", "400");

        var result = new AggregatorOptionsValidator(config).Validate(null, options);
        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(["agg1.example.net:7000", "192.0.2.7:7000"], options.AnnouncedEndpoints);
        Assert.Equal(("agg-1", "eu-north", 400), (options.Name, options.Region, options.CapacitySessions));
    }

    [Fact]
    public void Validate_CentralWithoutKeyOrReachableEndpoint_SaysWhatIsMissing()
    {
        using var key = StaticKeyPair.Generate();
        var keyFile = Path.Combine(_dir, "server.key");
        File.WriteAllText(keyFile, key.ExportPem());

        var (options, config) = Bind("--listen", "0.0.0.0:7000", "--tun-ip", "10.254.0.1/30", "--key-file", keyFile,
            "--central", "central:5081", "--agent-pool", "100.64.0.0/99");

        var failures = new AggregatorOptionsValidator(config).Validate(null, options).Failures!.ToList();
        Assert.Contains(failures, f => f.Contains("http(s) URL"));
        Assert.Contains(failures, f => f.Contains("RegistrationKey"));
        Assert.Contains(failures, f => f.Contains("--endpoint"));
        Assert.Contains(failures, f => f.Contains("AgentPool"));
    }

    [Fact]
    public void Validate_NeitherCentralNorPeers_AsksForOne()
    {
        var (options, config) = Bind("--listen", "127.0.0.1:7000", "--tun-ip", "10.254.0.1/30", "--key-file", "/nonexistent.key");

        var failures = new AggregatorOptionsValidator(config).Validate(null, options).Failures!.ToList();
        Assert.Contains(failures, f => f.Contains("--central") && f.Contains("--peer"));
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
