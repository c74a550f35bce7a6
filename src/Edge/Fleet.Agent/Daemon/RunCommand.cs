using Fleet.Agent.Bonding;
using Fleet.Agent.Config;
using Fleet.Agent.Coverage;
using Fleet.Agent.Enrollment;
using Fleet.Agent.Outbox;
using Fleet.Agent.Sync;
using Fleet.Agent.Telemetry;
using Fleet.Contracts.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Agent.Daemon;

/// <summary>`fleet-agent run --config FILE`: load and validate the config, enroll if needed, run the host.</summary>
public static class RunCommand
{
    public const string DefaultConfigPath = "/etc/fleet-agent/agent.json";

    public static async Task<int> RunAsync(string[] args)
    {
        var configPath = DefaultConfigPath;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--config" && i + 1 < args.Length)
            {
                configPath = args[++i];
            }
            else
            {
                Console.Error.WriteLine($"fleet-agent run: unknown argument \"{args[i]}\" (expected --config FILE)");
                return 2;
            }
        }

        var loaded = AgentConfigFile.Load(configPath);
        if (loaded.Error is { } loadError)
        {
            Console.Error.WriteLine("fleet-agent: config error: " + loadError);
            return 2;
        }

        var options = loaded.Options!;
        var problems = AgentOptionsValidator.Collect(options);
        if (problems.Count > 0)
        {
            Console.Error.WriteLine($"fleet-agent: {configPath} is not valid:");
            foreach (var p in problems)
            {
                Console.Error.WriteLine("  " + p);
            }

            return 2;
        }

        using var channel = CentralConnection.CreateChannel(options.Central!);
        var client = new AgentGatewayService.Client(channel.CreateCallInvoker());
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };

        // A box often boots before its modems are up: keep trying to reach central; a refused token is final.
        var backoff = Backoff.Default();
        EnrollmentResult enrollment;
        while (true)
        {
            enrollment = await Enroller.EnsureEnrolledAsync(
                options.IdentityPath,
                () => options.EnrollmentToken ?? (options.EnrollmentTokenFile is { } f && File.Exists(f) ? File.ReadAllText(f) : null),
                client,
                AgentVersion.Value,
                TimeSpan.FromSeconds(30),
                cts.Token);
            if (!enrollment.Retryable || cts.IsCancellationRequested)
            {
                break;
            }

            var delay = backoff.NextDelay();
            Console.Error.WriteLine($"fleet-agent: {enrollment.Error}; retrying in {delay.TotalSeconds:F0} s");
            try
            {
                await Task.Delay(delay, cts.Token);
            }
            catch (OperationCanceledException)
            {
                return 1;
            }
        }

        if (enrollment.Error is { } enrollError)
        {
            Console.Error.WriteLine("fleet-agent: enrollment failed: " + enrollError);
            return 1;
        }

        var builder = Host.CreateApplicationBuilder();
        AddAgent(builder.Services, options, new CentralConnection(client, enrollment.Identity!));
        using var host = builder.Build();
        try
        {
            await host.RunAsync(cts.Token);
        }
        catch (OptionsValidationException e)
        {
            Console.Error.WriteLine("fleet-agent: " + string.Join("; ", e.Failures));
            return 2;
        }

        return 0;
    }

    /// <summary>The daemon's services; the simulator builds the same pieces per vehicle.</summary>
    public static void AddAgent(IServiceCollection services, AgentOptions options, CentralConnection central)
    {
        services.AddOptions<AgentOptions>().Configure(o => AgentConfigFile.CopyTo(options, o)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(central);
        services.AddSingleton(sp => SqliteOutbox.Open(
            options.OutboxPath,
            options.Outbox.MaxBytes,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<SqliteOutbox>(),
            sp.GetRequiredService<TimeProvider>(),
            AgentVersion.Value));
        services.AddSingleton<BatchUploader>();
        services.AddHostedService(sp => sp.GetRequiredService<BatchUploader>());
        services.AddHostedService(sp => new BatchSealer(
            sp.GetRequiredService<SqliteOutbox>(),
            sp.GetRequiredService<BatchUploader>(),
            TimeSpan.FromSeconds(options.Intervals.BatchSeconds),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<AssignmentWatcher>();
        services.AddSingleton<IAssignmentProvider>(sp => sp.GetRequiredService<AssignmentWatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<AssignmentWatcher>());
        DeviceSources.Add(services, options);
        if (options.Tunnel.Enabled)
        {
            AddTunnels(services);
        }

        services.AddHostedService(sp => new TelemetrySamplers(
            sp.GetRequiredService<SqliteOutbox>(),
            GpsSourceFactory.Create(options.Gps, sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<ILinkQualitySource>(),
            sp.GetService<IHealthSource>(),
            new SamplerIntervals(
                TimeSpan.FromMilliseconds(options.Intervals.GpsMs),
                TimeSpan.FromMilliseconds(options.Intervals.LinkMs),
                TimeSpan.FromMilliseconds(options.Intervals.HealthMs)),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<TelemetrySamplers>(),
            sp.GetRequiredService<TimeProvider>())
        {
            // Every fix also steers the coverage hints when the tunnels run.
            FixObserved = options.Tunnel.Enabled ? sp.GetRequiredService<CoverageHintProvider>().UpdatePosition : null,
        });
    }

    /// <summary>The data plane: tunnels following the assignment, with coverage hints from central.</summary>
    private static void AddTunnels(IServiceCollection services)
    {
        services.AddOptions<CoverageHintOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<CoverageHintOptions>, CoverageHintOptionsValidator>();
        services.AddSingleton<ICoverageSource>(sp => new GrpcCoverageSource(sp.GetRequiredService<CentralConnection>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CoverageHintProvider>();
        services.AddHostedService<TunnelService>();
    }
}
