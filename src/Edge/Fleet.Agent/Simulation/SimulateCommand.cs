namespace Fleet.Agent.Simulation;

/// <summary>`fleet-agent simulate ...`: many simulated vehicles in one process.</summary>
public static class SimulateCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("fleet-agent simulate: arguments " + string.Join(' ', args));
        return Task.FromResult(2);
    }
}
