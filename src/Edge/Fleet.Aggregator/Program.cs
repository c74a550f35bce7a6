return await Fleet.Aggregator.AggregatorProgram.RunAsync(args);
