// Fleet.Bench.Batch — `./fleet bench batch [DATA_DIR]`: the bytes of one 10-minute, 4-carrier telemetry batch
// as the agent's BatchEncoder packs it, raw and gzip-compressed as gRPC sends it, against plain JSON of the
// same samples. Output: `name: value` lines.
using System.IO.Compression;
using System.Text.Json;
using Fleet.Agent.Telemetry;
using Fleet.Bench.Batch;
using Google.Protobuf;

const int TargetBytes = 40 * 1024;
var dataDir = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "..", "shared", "data");
var driving = Path.Combine(dataDir, "cellular_traces", "irish_5g_raca2020", "Download", "Driving");
if (!Directory.Exists(driving))
{
    Console.Error.WriteLine($"fleet bench batch: no driving traces at {Path.GetFullPath(driving)} (pass the shared data dir as the first argument)");
    return 2;
}

// Four drives, each long enough for ten minutes, stand in for four carriers on one vehicle.
var carriers = Directory.GetFiles(driving, "*.csv.gz").Order(StringComparer.Ordinal)
    .Select(CarrierTrace.Load).Where(t => t.Count >= BatchScenario.Seconds).Take(4).ToList();
if (carriers.Count < 4)
{
    Console.Error.WriteLine($"fleet bench batch: need 4 traces of at least {BatchScenario.Seconds} s in {driving}, found {carriers.Count}");
    return 2;
}

var start = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
var samples = BatchScenario.Build(carriers, start);
var batch = BatchEncoder.Encode(Guid.NewGuid().ToString(), 1234, start, start + (BatchScenario.Seconds * 1000L), samples, "1.0.0");
var raw = batch.ToByteArray();

// What the wire carries: the gRPC channel gzips each message (Fleet.Grpc uses CompressionLevel.Fastest) and frames it with 5 bytes.
using var gz = new MemoryStream();
using (var gzip = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
{
    gzip.Write(raw);
}

var wire = gz.Length + 5;
var json = JsonSerializer.SerializeToUtf8Bytes(samples.Select(s => (object)s).ToList());

// The batch must decode to exactly the samples that went in, or the size means nothing.
var decoded = BatchDecoder.Decode(TelemetryBatchParser.Parse(raw));
if (decoded.Error is not null || decoded.All.Count() != samples.Count)
{
    Console.Error.WriteLine("fleet bench batch: batch does not round-trip: " + (decoded.Error ?? $"{decoded.All.Count()} of {samples.Count} samples"));
    return 1;
}

Console.WriteLine($"batch_samples: {samples.Count} (positions {samples.OfType<PositionSample>().Count()}, links {samples.OfType<LinkSample>().Count()}, health {samples.OfType<HealthSample>().Count()})");
Console.WriteLine($"batch_bytes_raw: {raw.Length}");
Console.WriteLine($"batch_bytes_gzip: {wire}");
Console.WriteLine($"batch_target_bytes: {TargetBytes}");
Console.WriteLine($"batch_bytes_naive_json: {json.Length}");
Console.WriteLine($"batch_meets_target: {(wire <= TargetBytes ? "yes" : "no")}");
return wire <= TargetBytes ? 0 : 1;

internal static class TelemetryBatchParser
{
    public static Fleet.Contracts.Telemetry.TelemetryBatch Parse(byte[] bytes) => Fleet.Contracts.Telemetry.TelemetryBatch.Parser.ParseFrom(bytes);
}
