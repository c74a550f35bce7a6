using Fleet.Agent.Enrollment;
using Fleet.Agent.Outbox;
using Fleet.Agent.Sync;
using Fleet.Agent.Telemetry;
using Fleet.Contracts.Services;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Fleet.Agent.Tests.Reliability;

/// <summary>
/// The agent's sampler, sealer and uploader on a fake clock (real SQLite file, real gRPC to a stand-in central):
/// three days without central, and a wall clock that jumps back and forth.
/// </summary>
public sealed class FakeClockPipelineTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan BatchInterval = TimeSpan.FromMinutes(10);
    // tmpfs when there is one: these tests are about ordering and idempotency over thousands of commits, not fsync.
    private readonly string _dir = Directory.Exists("/dev/shm")
        ? Directory.CreateDirectory(Path.Combine("/dev/shm", "fleet-fakeclock-" + Guid.NewGuid().ToString("N"))).FullName
        : Directory.CreateTempSubdirectory("fleet-fakeclock-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Pipeline_CentralUnreachableFor72Hours_EverythingArrivesOnceOldestFirst()
    {
        await using var central = new StandInCentral(StandInCentral.FreePort()); // not started: nothing listens
        await using var p = Pipeline.Start(Path.Combine(_dir, "outbox.db"), central, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30));

        var samples = await p.RunAsync(TimeSpan.FromHours(72), []);
        var atReturn = await p.Outbox.StatsAsync();
        Assert.Equal(432, atReturn.Batches);
        Assert.Equal(0, central.StoredCount);
        Assert.Equal(432, p.Uploader.Backlog); // live from the outbox, not as of the uploader's last attempt

        p.StopSampling();
        await central.StartAsync();
        await p.AdvanceUntilAsync(() => central.StoredCount >= 432, TimeSpan.FromMinutes(1));
        await p.AdvanceUntilAsync(() => p.Uploader.Backlog == 0, TimeSpan.FromMinutes(1));

        var stored = central.StoredInArrivalOrder();
        var ids = central.StoredSampleIds();
        var backlogSeen = stored.SelectMany(b => BatchDecoder.Decode(b).Health).Max(h => h.OutboxBacklog);
        output.WriteLine($"72 h outage: samples committed {samples}, batches sealed {atReturn.Batches}, stored {stored.Count}, " +
                         $"sample ids stored {ids.Count} ({ids.Distinct().Count()} distinct), duplicate uploads {central.DuplicateUploads}, " +
                         $"highest backlog reported in health {backlogSeen}, backlog now {p.Uploader.Backlog}");

        Assert.Equal(432, stored.Count);
        Assert.Equal(Enumerable.Range(1, 432).Select(i => (uint)i), stored.Select(b => b.Sequence)); // oldest first
        Assert.Equal(Enumerable.Range(0, samples).Select(i => (long)i), ids.Order());
        Assert.True(backlogSeen >= 430, $"health samples reported a backlog of at most {backlogSeen}");
        Assert.Equal(0, (await p.Outbox.StatsAsync()).Batches);
        Assert.Equal(0, p.Uploader.Backlog);
    }

    [Fact]
    public async Task Pipeline_WallClockJumpsBackAndForward_NoSampleLostOrDuplicatedAndSealingGoesOn()
    {
        await using var central = new StandInCentral(StandInCentral.FreePort());
        await central.StartAsync();
        await using var p = Pipeline.Start(Path.Combine(_dir, "outbox.db"), central, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(5));

        var samples = await p.RunAsync(
            TimeSpan.FromMinutes(60),
            [(TimeSpan.FromMinutes(25), TimeSpan.FromHours(-1)), (TimeSpan.FromMinutes(45), TimeSpan.FromHours(3))]);
        p.StopSampling();
        await p.AdvanceUntilAsync(() => central.StoredCount >= 6 && p.Uploader.Backlog == 0, TimeSpan.FromMinutes(1));

        var stored = central.StoredInArrivalOrder();
        var ids = central.StoredSampleIds();
        var times = stored.SelectMany(b => BatchDecoder.Decode(b).Health).Select(h => h.UnixMs).ToList();
        output.WriteLine($"clock jumps: samples {samples}, batches {stored.Count}, ids stored {ids.Count} ({ids.Distinct().Count()} distinct), " +
                         $"sample time span {TimeSpan.FromMilliseconds(times.Max() - times.Min())}");

        Assert.Equal(6, stored.Count); // one seal per 10 minutes of monotonic time, whatever the wall clock did
        Assert.Equal(stored.Count, stored.Select(b => b.BatchId).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, samples).Select(i => (long)i), ids.Order());
        Assert.All(stored, b => Assert.True(b.StartUnixMs < b.EndUnixMs));
        Assert.True(times.Max() - times.Min() > TimeSpan.FromHours(2).TotalMilliseconds, "the wall clock jumps did not reach the samples");
    }

    /// <summary>Sampler (health, carrying a running id), sealer and uploader on one fake clock.</summary>
    private sealed class Pipeline : IAsyncDisposable
    {
        private readonly CancellationTokenSource _sampling = new();
        private readonly CancellationTokenSource _running = new();
        private readonly Fleet.Grpc.GrpcChannel _channel;
        private readonly List<Task> _loops = [];
        private readonly TimeSpan _samplePeriod;
        private readonly TimeSpan _sampleOffset;
        private TimeSpan _now;

        private Pipeline(string path, StandInCentral central, TimeSpan samplePeriod, TimeSpan sampleOffset)
        {
            (_samplePeriod, _sampleOffset) = (samplePeriod, sampleOffset);

            // Hours ahead of real time so deadlines computed on the fake clock stay in the channel's future.
            Clock = new FakeClock(DateTimeOffset.UtcNow.AddHours(2));
            Outbox = SqliteOutbox.Open(path, 1L << 30, NullLogger<SqliteOutbox>.Instance, Clock, "test");
            _channel = CentralConnection.CreateChannel(central.Address.ToString());
            var connection = new CentralConnection(
                new AgentGatewayService.Client(_channel.CreateCallInvoker()),
                new DeviceIdentity("dev", "secret", "veh", "Bus", "", ""));
            Uploader = new BatchUploader(Outbox, connection, NullLogger<BatchUploader>.Instance, Clock) { CallTimeout = TimeSpan.FromSeconds(30) };
        }

        public FakeClock Clock { get; }

        public SqliteOutbox Outbox { get; }

        public BatchUploader Uploader { get; }

        public IdHealthSource Source { get; } = new();

        public static Pipeline Start(string path, StandInCentral central, TimeSpan samplePeriod, TimeSpan sampleOffset)
        {
            var p = new Pipeline(path, central, samplePeriod, sampleOffset);
            p._loops.Add(new BatchSealer(p.Outbox, p.Uploader, BatchInterval, p.Clock).RunSealAsync(p._running.Token));
            p._loops.Add(p.Uploader.RunUploadAsync(p._running.Token));
            return p;
        }

        /// <summary>
        /// Steps the clock event by event (sample ticks never coincide with seal ticks), waiting after each for
        /// the sample to be committed or the seal to happen; jumps move the wall clock at the given monotonic times.
        /// Returns the number of samples committed.
        /// </summary>
        public async Task<int> RunAsync(TimeSpan until, (TimeSpan At, TimeSpan By)[] jumps)
        {
            await AdvanceToAsync(_sampleOffset);
            var samplers = new TelemetrySamplers(Outbox, null, null, Source, new SamplerIntervals(_samplePeriod, _samplePeriod, _samplePeriod), NullLogger.Instance, Clock);
            _loops.Add(samplers.RunHealthAsync(_sampling.Token));

            var events = new SortedSet<TimeSpan>();
            for (var t = _sampleOffset + _samplePeriod; t <= until; t += _samplePeriod)
            {
                events.Add(t);
            }

            for (var t = BatchInterval; t <= until; t += BatchInterval)
            {
                Assert.True(events.Add(t), "a sample tick coincides with a seal tick");
            }

            foreach (var j in jumps)
            {
                events.Add(j.At);
            }

            var pending = 0;
            var sealedBatches = 0;
            foreach (var t in events)
            {
                await AdvanceToAsync(t);
                if (jumps.Any(j => j.At == t))
                {
                    Clock.JumpWallClock(jumps.First(j => j.At == t).By);
                }
                else if (t.Ticks % BatchInterval.Ticks == 0)
                {
                    sealedBatches++;
                    await WaitAsync(async () => (await Outbox.StatsAsync()).PendingSamples == 0, $"seal at {t}");
                    pending = 0;
                }
                else
                {
                    pending++;
                    var expected = pending;
                    await WaitAsync(async () => (await Outbox.StatsAsync()).PendingSamples == expected, $"sample at {t}");
                }
            }

            return Source.Calls;
        }

        public void StopSampling() => _sampling.Cancel();

        /// <summary>Moves the clock a minute at a time (past backoffs and idle polls) until the condition holds.</summary>
        public async Task AdvanceUntilAsync(Func<bool> condition, TimeSpan step)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!condition())
            {
                Assert.True(DateTime.UtcNow < deadline, "condition not reached in 60 s of real time");
                await AdvanceToAsync(_now + step);
                await Task.Delay(20);
            }
        }

        private Task AdvanceToAsync(TimeSpan t)
        {
            Clock.Advance(t - _now);
            _now = t;
            return Task.CompletedTask;
        }

        private static async Task WaitAsync(Func<Task<bool>> condition, string what)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!await condition())
            {
                Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
                await Task.Delay(1);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _sampling.CancelAsync();
            await _running.CancelAsync();
            try
            {
                await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (OperationCanceledException)
            {
                // loops end by cancellation
            }

            Uploader.Dispose();
            Outbox.Dispose();
            _channel.Dispose();
            _sampling.Dispose();
            _running.Dispose();
        }
    }

    /// <summary>Health samples whose DiskFreeMb is a running id, so the test can tell each one apart.</summary>
    private sealed class IdHealthSource : IHealthSource
    {
        private int _calls;

        public int Calls => _calls;

        public ValueTask<HealthSample?> SampleAsync(long unixMs, CancellationToken ct)
        {
            var id = Interlocked.Increment(ref _calls) - 1;
            return ValueTask.FromResult<HealthSample?>(new HealthSample(unixMs, 400, 300, 100, 200, (ulong)id, 1, 0));
        }
    }
}
