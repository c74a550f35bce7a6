// fleet-agent — the vehicle daemon. Table of contents:
//   run [--config FILE]   the daemon (default command): Config/ → Enrollment/ → Telemetry/ samplers
//                         (Gps/, links, health) → Outbox/ (SQLite) → Sync/ (seal, upload, assignment watch)
//   simulate ...          N simulated vehicles in one process for demos (Simulation/, Tracks/)
//   bond ...              only the bonding data plane (Bonding/, owned by the bonding feature)
using Fleet.Agent.Bonding;
using Fleet.Agent.Daemon;
using Fleet.Agent.Simulation;

return args switch
{
    ["run", .. var rest] => await RunCommand.RunAsync(rest),
    ["simulate", .. var rest] => await SimulateCommand.RunAsync(rest),
    ["bond", .. var rest] => await BondCommand.RunAsync(rest),
    ["soak", .. var rest] => await SoakCommand.RunAsync(rest), // reliability tests only: see Daemon/SoakCommand.cs
    ["--help" or "-h" or "help", ..] => Usage(),
    [var first, ..] when !first.StartsWith('-') => Usage($"unknown command \"{first}\""),
    _ => await RunCommand.RunAsync(args),
};

static int Usage(string? error = null)
{
    if (error is not null)
    {
        Console.Error.WriteLine("fleet-agent: " + error);
    }

    Console.Error.WriteLine("""
        usage: fleet-agent [run] [--config FILE]     run the vehicle agent (default config /etc/fleet-agent/agent.json)
               fleet-agent simulate --central URL --admin-url URL --admin-key KEY [--count N] [--batch-seconds S]
                                    [--state-dir DIR] [--data-dir DIR] [--duration SECONDS]
               fleet-agent bond ...                 run only the bonding data plane
        """);
    return error is null ? 0 : 2;
}
