namespace Fleet.Aggregator;

/// <summary>Entry point: dispatches subcommands.</summary>
public static class AggregatorProgram
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("fleet-aggregator: the session engine is being wired");
        return Task.FromResult(2);
    }
}
