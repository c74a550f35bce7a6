namespace Fleet.Bench.Ingest;

/// <summary>fleet-bench-ingest: the ingest/track-query benchmark (bench/ingest.sh) and a stand-in
/// aggregation server (register + heartbeat over the real gRPC client) for failover tests.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0)
            return Usage();
        var options = CommandLine.Parse(args.Skip(1));
        // Lives as long as the process: ProcessExit fires after Main returns and must still find it usable.
        var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
        try
        {
            return args[0] switch
            {
                "standin" => await AggregatorStandIn.RunAsync(options, stop.Token),
                "ingest" => await IngestBenchmark.RunAsync(options, stop.Token),
                _ => Usage(),
            };
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"fleet-bench-ingest: {ex.Message}");
            return 2;
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("""
            usage: Fleet.Bench.Ingest standin --central URL --key KEY --name NAME [--region R] [--capacity N] [--active N]
                   Fleet.Bench.Ingest ingest --connection CS [--vehicles 8000] [--bulk-positions 50000000] [--queries 40] [--grpc-batches 2000] [--replay N] [--workers 4]
            """);
        return 2;
    }
}
