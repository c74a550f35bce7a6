using Fleet.LinkShaper.Config;
using Fleet.LinkShaper.Control;
using Fleet.LinkShaper.Model;
using Fleet.LinkShaper.Relay;

namespace Fleet.LinkShaper;

/// <summary>Wires config → ports → pumps → scheduler → controller, and runs until SIGINT/SIGTERM.</summary>
internal static class ShaperHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? configPath = null, fifo = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--config" when i + 1 < args.Length: configPath = args[++i]; break;
                case "--control" when i + 1 < args.Length: fifo = args[++i]; break;
                default:
                    Console.Error.WriteLine($"unknown argument '{args[i]}'\nusage: fleet-linkshaper run --config FILE [--control FIFO]\n" +
                                            "       fleet-linkshaper trace-stats [--window S] [--duration S] FILE...");
                    return 2;
            }
        }
        if (configPath is null)
        {
            Console.Error.WriteLine("--config FILE is required");
            return 2;
        }
        if (!File.Exists(configPath))
        {
            Console.Error.WriteLine($"config '{configPath}' not found");
            return 2;
        }
        var (config, errors) = ShaperConfigLoader.Parse(await File.ReadAllTextAsync(configPath));
        if (config is null || errors.Count > 0)
        {
            foreach (var e in errors) Console.Error.WriteLine(e);
            return 2;
        }

        var traces = new Dictionary<string, PiecewiseCapacity>();
        var scheduler = new ReleaseScheduler();
        var pumps = new List<DirectionPump>();
        var ports = new List<PacketPort>();
        var links = new List<ShaperController.LinkDirections>();
        try
        {
            ulong seed = config.Seed;
            foreach (var link in config.Links)
            {
                var (up, upError) = ShaperConfigLoader.Build(link.Up, traces);
                var (down, downError) = ShaperConfigLoader.Build(link.Down, traces);
                if (up is null || down is null)
                {
                    Console.Error.WriteLine($"link {link.Name}: {upError}{downError}");
                    return 2;
                }
                var a = PacketPort.Open(link.A);
                ports.Add(a);
                var b = PacketPort.Open(link.B);
                ports.Add(b);
                var upPump = new DirectionPump($"{link.Name}-up", a, b, new DirectionShaper(up, seed++), config.SlotsPerDirection, scheduler.Wake);
                var downPump = new DirectionPump($"{link.Name}-dn", b, a, new DirectionShaper(down, seed++), config.SlotsPerDirection, scheduler.Wake);
                pumps.Add(upPump);
                pumps.Add(downPump);
                scheduler.Add(upPump);
                scheduler.Add(downPump);
                links.Add(new ShaperController.LinkDirections(link.Name, up, down,
                    (dirs, change) =>
                    {
                        if (dirs.HasFlag(Directions.Up)) upPump.Update(change);
                        if (dirs.HasFlag(Directions.Down)) downPump.Update(change);
                    },
                    dir => dir == Directions.Up ? upPump.Shaper.Counters : downPump.Shaper.Counters));
            }
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"shaper: {e.Message}");
            foreach (var p in ports) p.Dispose();
            return 1;
        }

        var controller = new ShaperController(links, config.Events, () => ShaperClock.NowUs, Console.Out);
        controller.Apply(new ShaperCommand(ShaperVerb.Epoch, "", Directions.Both, 0, 0));
        scheduler.Start();
        foreach (var p in pumps) p.Start();
        if (fifo is not null) new ControlFifoReader(fifo, controller, Console.Out).Start();
        Console.WriteLine($"shaper: {config.Links.Count} link(s) relaying");
        Console.Out.Flush();

        using var stop = new CancellationTokenSource();
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        try
        {
            await RunEventLoopAsync(controller, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // normal shutdown
        }
        Console.WriteLine(controller.Stats());
        foreach (var p in pumps) p.Dispose();
        scheduler.Dispose();
        foreach (var p in ports) p.Dispose();
        return 0;
    }

    private static async Task RunEventLoopAsync(ShaperController controller, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var next = controller.FireDueEvents();
            var waitMs = next < 0 ? 50 : Math.Clamp(next / 1000, 1, 50);
            await Task.Delay(TimeSpan.FromMilliseconds(waitMs), ct);
        }
    }
}
