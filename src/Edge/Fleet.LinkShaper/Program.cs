using Fleet.LinkShaper;

// fleet-linkshaper run --config FILE [--control FIFO]      relay + shape (inside the shaper namespace, root)
// fleet-linkshaper trace-stats [--window S] [--duration S] FILE...   capacity per window of each trace
return args.Length > 0 && args[0] == "trace-stats"
    ? TraceStatsCommand.Run(args[1..], Console.Out)
    : await ShaperHost.RunAsync(args.Length > 0 && args[0] == "run" ? args[1..] : args);
