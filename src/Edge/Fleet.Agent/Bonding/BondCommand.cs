namespace Fleet.Agent.Bonding;

/// <summary>`fleet-agent bond …`: runs only the bonding data plane (used by the netns benchmark).</summary>
public static class BondCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("fleet-agent bond: the bonding data plane is not in this build yet.");
        return Task.FromResult(2);
    }
}
