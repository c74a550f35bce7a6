using System.Globalization;
using Fleet.Bench.Dashboard;

// The fleet map in a real browser with a large fleet: how long until every vehicle is on the map, and whether
// position updates every few seconds keep the page responsive (no long main-thread task). Prints `name: value`.
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

await using var central = await CentralProcess.StartAsync(options);
Console.Error.WriteLine($"[dashboard] seeding {options.Vehicles} vehicles");
await FleetSeeder.SeedAsync(options.Connection, options.Vehicles);
Console.Error.WriteLine($"[dashboard] central at {central.Url}; moving every vehicle every {options.IntervalSeconds} s");

using var stop = new CancellationTokenSource();
var mover = FleetSeeder.RunMoverAsync(options.Connection, TimeSpan.FromSeconds(options.IntervalSeconds), stop.Token);
try
{
    var result = await BrowserProbe.MeasureAsync(central.Url, CentralProcess.AdminEmail, central.AdminPassword, options);
    var invariant = CultureInfo.InvariantCulture;
    Console.WriteLine($"vehicles: {options.Vehicles}");
    Console.WriteLine(string.Create(invariant, $"map_ready_ms: {result.MapReadyMs:0}"));
    Console.WriteLine(string.Create(invariant, $"load_longest_task_ms: {result.LoadLongestTaskMs:0}"));
    Console.WriteLine($"observed_s: {options.ObserveSeconds}");
    Console.WriteLine($"update_interval_s: {options.IntervalSeconds}");
    Console.WriteLine($"map_updates_received: {result.UpdatesReceived}");
    Console.WriteLine(string.Create(invariant, $"longest_task_ms: {result.LongestTaskMs:0}"));
    Console.WriteLine($"long_tasks_over_200ms: {result.TasksOver200Ms}");
    Console.WriteLine($"long_tasks_over_50ms: {result.TasksOver50Ms}");
    Console.WriteLine(string.Create(invariant, $"input_delay_p95_ms: {result.InputDelayP95Ms:0}"));
    return 0;
}
finally
{
    await stop.CancelAsync();
    await mover;
}
