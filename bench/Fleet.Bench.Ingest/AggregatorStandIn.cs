using Fleet.Contracts.Aggregators;
using Fleet.Contracts.Services;
using Fleet.Grpc;
using Google.Protobuf;

namespace Fleet.Bench.Ingest;

/// <summary>An aggregation server reduced to its control plane: registers with central and heartbeats at
/// the interval central asks for, over the real gRPC client. Prints "registered SERVER_ID" once, so a test
/// knows it is up; killing the process (kill -9) is how a test makes it fall silent.</summary>
public static class AggregatorStandIn
{
    public static async Task<int> RunAsync(CommandLine options, CancellationToken cancellationToken)
    {
        var name = options.Required("name");
        using var channel = GrpcChannel.ForAddress(options.Required("central"));
        var client = new AggregatorGatewayService.Client(channel.CreateCallInvoker());
        var registration = new RegisterServerRequest
        {
            Name = name,
            Region = options.Text("region", "eu-north"),
            Endpoints = { $"{name}.standin:51820" },
            PublicKey = ByteString.CopyFromUtf8($"key-{name}"),
            CapacitySessions = (uint)options.Number("capacity", 1000),
            Version = "standin",
        };
        var registered = await client.RegisterAsync(registration,
            new Metadata { { "authorization", $"Bearer {options.Required("key")}" } },
            deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken);
        Console.WriteLine($"registered {registered.ServerId}");
        Console.Out.Flush();

        var credentials = new Metadata { { "authorization", $"Bearer {registered.ServerToken}" } };
        var interval = TimeSpan.FromMilliseconds(Math.Max(50, registered.HeartbeatIntervalMs));
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    var response = await client.HeartbeatAsync(
                        new HeartbeatRequest { ServerId = registered.ServerId, ActiveSessions = (uint)options.Number("active", 0) },
                        credentials, deadline: DateTime.UtcNow.Add(interval * 2), cancellationToken);
                    if (response.Drain)
                        Console.WriteLine("drain");
                }
                catch (RpcException ex)
                {
                    Console.Error.WriteLine($"heartbeat failed: {ex.Status}");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C / SIGTERM.
        }
        return 0;
    }
}
