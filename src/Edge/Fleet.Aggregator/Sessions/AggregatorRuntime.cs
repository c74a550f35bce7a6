using Fleet.Bonding;
using Fleet.Bonding.Crypto;

namespace Fleet.Aggregator.Sessions;

/// <summary>
/// What the data plane shares with the central link: the authorised agents (static peers and those central
/// streams) and, once the TUN and listener are up, the running server for statistics and routes.
/// </summary>
public sealed class AggregatorRuntime
{
    private readonly TaskCompletionSource<RunningServer> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StaticPeerAuthorizer Authorizer { get; } = new();

    /// <summary>Completes when the data plane is up; never, if it failed to start.</summary>
    public Task<RunningServer> Started => _started.Task;

    internal void MarkStarted(RunningServer server) => _started.TrySetResult(server);
}

/// <summary>The running data plane: its TUN device name, its static public key (64 raw P-256 bytes) and a way
/// to read session statistics.</summary>
public sealed record RunningServer(string TunName, byte[] PublicKey, Func<IReadOnlyList<BondingSnapshot>> Snapshot);
