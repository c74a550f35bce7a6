using System.Diagnostics;
using Fleet.Agent.Bonding;
using Fleet.Agent.Enrollment;
using Fleet.Agent.Sync;
using Fleet.Agent.Tests.Coverage;
using Fleet.Bonding;
using Fleet.Bonding.Crypto;
using Fleet.Bonding.Tun;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Services;
using Fleet.Grpc;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Fleet.Agent.Tests.Bonding;

/// <summary>
/// The agent's tunnels following central's assignment, all on real sockets: two aggregation servers (the bonding
/// engine on UDP 127.0.0.1), a stand-in central streaming WatchAssignment over real gRPC to the agent's
/// AssignmentWatcher, two uplinks bound to 127.0.0.1 and traffic from the vehicle LAN through an in-memory TUN.
/// The figure is the time from the old server going silent to the first vehicle packet out of the backup.
/// </summary>
public sealed class AssignedTunnelsTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RunTunnelsAsync_CentralMovesVehicleToBackup_TunnelsFollowWithoutRestart()
    {
        await using var rig = await Rig.StartAsync(failoverSilence: TimeSpan.FromSeconds(60)); // only central moves it here
        rig.Central.Push(Assignment(1, rig.A, rig.B));
        await rig.WaitDeliveredAsync(rig.A, 20);
        var clientBefore = rig.Tunnels.Client;

        var silent = Stopwatch.StartNew();
        await rig.A.GoSilentAsync();
        rig.Central.Push(Assignment(2, rig.B, rig.A)); // central drained A: B is primary now
        await rig.WaitDeliveredAsync(rig.B, 1);
        var firstViaBackup = silent.Elapsed;
        await rig.WaitDeliveredAsync(rig.B, 50);

        output.WriteLine($"central-driven move: first packet via backup {firstViaBackup.TotalMilliseconds:0} ms after the old server went silent; " +
                         $"re-points {rig.Tunnels.Repoints}, packets via A {rig.A.Delivered().Count}, via B {rig.B.Delivered().Count}");
        Assert.Equal("srv-b", rig.Tunnels.Target!.ServerId);
        Assert.Equal(2, rig.Tunnels.Repoints);
        Assert.NotSame(clientBefore, rig.Tunnels.Client); // new handshake with B's key, same process and TUN
        Assert.True(rig.Tunnels.Client!.IsEstablished);
        Assert.True(firstViaBackup < TimeSpan.FromSeconds(10), $"traffic reached the backup only after {firstViaBackup}");
    }

    [Fact]
    public async Task RunTunnelsAsync_PrimarySilentAndCentralSaysNothing_FailsOverToBackupOnItsOwn()
    {
        await using var rig = await Rig.StartAsync(failoverSilence: TimeSpan.FromSeconds(3));
        rig.Central.Push(Assignment(1, rig.A, rig.B));
        await rig.WaitDeliveredAsync(rig.A, 20);

        var silent = Stopwatch.StartNew();
        await rig.A.GoSilentAsync();
        await rig.WaitDeliveredAsync(rig.B, 1);
        var firstViaBackup = silent.Elapsed;
        await rig.WaitDeliveredAsync(rig.B, 50);

        output.WriteLine($"agent-side failover (3 s silence): first packet via backup {firstViaBackup.TotalMilliseconds:0} ms after the old server went silent");
        Assert.Equal("srv-b", rig.Tunnels.Target!.ServerId);
        Assert.True(firstViaBackup >= TimeSpan.FromSeconds(3), "failed over before the silence threshold");
        Assert.True(firstViaBackup < TimeSpan.FromSeconds(10), $"traffic reached the backup only after {firstViaBackup}");
    }

    [Fact]
    public async Task RunTunnelsAsync_AssignmentWithBadKey_KeepsTheWorkingTunnel()
    {
        await using var rig = await Rig.StartAsync(failoverSilence: TimeSpan.FromSeconds(60));
        rig.Central.Push(Assignment(1, rig.A, rig.B));
        await rig.WaitDeliveredAsync(rig.A, 5);

        var broken = rig.B.Describe();
        broken.PublicKey = Google.Protobuf.ByteString.CopyFrom([1, 2, 3]);
        rig.Central.Push(new Assignment { VehicleId = "veh-1", Revision = 2, Primary = broken });
        var before = rig.A.Delivered().Count;
        await rig.WaitDeliveredAsync(rig.A, before + 40); // still flowing through A well after revision 2 arrived

        Assert.Equal("srv-a", rig.Tunnels.Target!.ServerId);
        Assert.Equal(1, rig.Tunnels.Repoints);
    }

    private static Assignment Assignment(long revision, LoopbackAggregator primary, LoopbackAggregator backup) =>
        new() { VehicleId = "veh-1", Revision = revision, Primary = primary.Describe(), Backup = backup.Describe() };

    /// <summary>Central, two servers, the agent's watcher and tunnels, and LAN traffic, torn down in order.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _loops = [];
        private GrpcChannel _channel = null!;
        private AssignmentWatcher _watcher = null!;
        private VehicleTraffic _traffic = null!;

        public StaticKeyPair AgentKey { get; } = StaticKeyPair.Generate();

        public MemoryTunDevice AgentTun { get; } = new("cli");

        public CoverageGateway Central { get; private set; } = null!;

        public LoopbackAggregator A { get; private set; } = null!;

        public LoopbackAggregator B { get; private set; } = null!;

        public AssignedTunnels Tunnels { get; private set; } = null!;

        public static async Task<Rig> StartAsync(TimeSpan failoverSilence)
        {
            var rig = new Rig();
            rig.Central = await CoverageGateway.StartAsync(400, []);
            rig.A = new LoopbackAggregator("a", rig.AgentKey.PublicKey, "10.10.0.0/24");
            rig.B = new LoopbackAggregator("b", rig.AgentKey.PublicKey, "10.10.0.0/24");
            rig._channel = CentralConnection.CreateChannel(rig.Central.Address.ToString());
            var connection = new CentralConnection(new AgentGatewayService.Client(rig._channel.CreateCallInvoker()),
                new DeviceIdentity("dev-1", "s3cret", "veh-1", "Bus 12", "k", "p"));
            rig._watcher = new AssignmentWatcher(connection, NullLogger<AssignmentWatcher>.Instance, TimeProvider.System)
            {
                Backoff = new Backoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(500)),
            };
            rig.Tunnels = new AssignedTunnels(rig.AgentTun, rig.AgentKey, ["127.0.0.1", "127.0.0.1"], new BondingOptions(),
                failoverSilence, TimeProvider.System, NullLoggerFactory.Instance);
            rig._loops.Add(rig._watcher.RunWatchAsync(rig._stop.Token));
            rig._loops.Add(rig.Tunnels.RunTunnelsAsync(rig._watcher, rig._stop.Token));
            rig._traffic = new VehicleTraffic(rig.AgentTun, TimeSpan.FromMilliseconds(10));
            return rig;
        }

        public async Task WaitDeliveredAsync(LoopbackAggregator server, int count)
        {
            var deadline = Stopwatch.StartNew();
            while (server.Delivered().Count < count)
            {
                Assert.True(deadline.Elapsed < Patience,
                    $"{server.Name} delivered {server.Delivered().Count} of {count} packets in {Patience}; tunnels at {Tunnels.Target?.Name ?? "-"}, " +
                    $"established {Tunnels.Client?.IsEstablished}, links {string.Join(' ', Tunnels.Client?.Snapshot().Links.Select(l => $"{l.LinkId}:{l.State}") ?? [])}");
                await Task.Delay(10);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _traffic.DisposeAsync();
            await _stop.CancelAsync();
            await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(30));
            _watcher.Dispose();
            _channel.Dispose();
            await A.DisposeAsync();
            await B.DisposeAsync();
            await Central.DisposeAsync();
            AgentTun.Dispose();
            AgentKey.Dispose();
            _stop.Dispose();
        }
    }
}
