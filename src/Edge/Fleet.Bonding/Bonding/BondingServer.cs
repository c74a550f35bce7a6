using System.Net;
using Fleet.Bonding.Crypto;
using Fleet.Bonding.Links;
using Fleet.Bonding.Protocol;
using Fleet.Bonding.Tun;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Bonding;

public sealed class BondingServerOptions
{
    public BondingOptions Bonding { get; set; } = new();

    /// <summary>A session with no authenticated packet for this long is removed.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Optional: reject inits whose timestamp is this far from our clock (null = only the
    /// per-peer monotonic check, as WireGuard; vehicles with a bad clock still connect).</summary>
    public TimeSpan? HandshakeMaxClockSkew { get; set; }

    public int MaxSessions { get; set; } = 100_000;
}

/// <summary>
/// Aggregation-server façade: one listener socket and one TUN device shared by all agents' sessions.
/// Handshakes create (or rekey) sessions; transport packets are dispatched by session id; downlink
/// packets from the TUN are routed to a session by destination prefix.
/// </summary>
public sealed partial class BondingServer : IDisposable
{
    private readonly ITunDevice _tun;
    private readonly IDatagramListener _listener;
    private readonly BondingServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly HandshakeResponder _responder;
    private readonly Lock _handshakeLock = new();
    private readonly byte[] _response = new byte[HandshakeLayout.ResponseSize];

    public BondingServer(ITunDevice tun, IDatagramListener listener, StaticKeyPair serverKey, IPeerAuthorizer authorizer,
        BondingServerOptions options, TimeProvider? time = null, ILoggerFactory? loggerFactory = null)
    {
        BondingOptionsValidator.ThrowIfInvalid(options.Bonding);
        _tun = tun;
        _listener = listener;
        _options = options;
        _time = time ?? TimeProvider.System;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<BondingServer>();
        _responder = new HandshakeResponder(serverKey, authorizer, _time, options.HandshakeMaxClockSkew);
    }

    public SessionTable Sessions { get; } = new();

    /// <summary>Drops that belong to no session (unknown session, bad handshakes, no route).</summary>
    public SessionCounters Counters { get; } = new();

    public IReadOnlyList<BondingSnapshot> Snapshot() => [.. Sessions.All.Select(s => s.Snapshot())];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(
            Task.Run(() => RunListenerReceiveAsync(cancellationToken), CancellationToken.None),
            Task.Run(() => RunTunReadAsync(cancellationToken), CancellationToken.None),
            Task.Run(() => RunTickAsync(cancellationToken), CancellationToken.None),
            Task.Run(() => RunPlayoutAsync(cancellationToken), CancellationToken.None)).ConfigureAwait(false);
    }

    /// <summary>Every millisecond, releases the due packets of every session's playout line.</summary>
    public async Task RunPlayoutAsync(CancellationToken cancellationToken)
    {
        if (!_options.Bonding.CommonDelayRelease)
        {
            return; // nothing ever waits: no 1-ms wake-ups
        }

        using var timer = new PeriodicTimer(BondingSession.PlayoutReleaseInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                ReleaseDue();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Releases the due packets of every session (the playout loop; tests call it by hand).</summary>
    public void ReleaseDue()
    {
        var all = Sessions.All;
        for (var i = 0; i < all.Count; i++)
        {
            all[i].ReleaseDue();
        }
    }

    public async Task RunListenerReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[BondingProtocol.ReceiveBufferSize];
        while (!cancellationToken.IsCancellationRequested)
        {
            int length;
            EndPoint? from;
            try
            {
                (length, from) = await _listener.ReceiveFromAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
            {
                LogListenerFailed(_logger, ex.Message);
                continue;
            }

            if (length == 0)
            {
                return;
            }

            if (from is not null)
            {
                ProcessDatagram(buffer.AsSpan(0, length), from);
            }
        }
    }

    /// <summary>Handles one datagram from the listener; returns why it was dropped, or None.</summary>
    public DropReason ProcessDatagram(ReadOnlySpan<byte> datagram, EndPoint from)
    {
        if (datagram.Length == 0)
        {
            return Drop(DropReason.Truncated);
        }

        var type = (PacketType)datagram[0];
        if (type == PacketType.HandshakeInit)
        {
            return ProcessInit(datagram, from);
        }

        if (!TransportHeader.IsTransport(type))
        {
            return Drop(type == PacketType.HandshakeResponse ? DropReason.HandshakeUnexpected : DropReason.UnknownType);
        }

        if (!TransportHeader.TryPeekSessionId(datagram, out var sessionId))
        {
            return Drop(DropReason.Truncated);
        }

        if (!Sessions.TryGet(sessionId, out var session))
        {
            return Drop(DropReason.UnknownSession);
        }

        return session.ProcessDatagram(datagram, null, from);
    }

    private DropReason ProcessInit(ReadOnlySpan<byte> datagram, EndPoint from)
    {
        var error = _responder.TryConsumeInit(datagram, out var verified);
        if (error != HandshakeError.None)
        {
            var reason = error switch
            {
                HandshakeError.UnknownPeer => DropReason.HandshakeUnknownPeer,
                HandshakeError.Replayed => DropReason.HandshakeReplayed,
                HandshakeError.Malformed => datagram.Length < HandshakeLayout.InitSize ? DropReason.Truncated : DropReason.BadLength,
                _ => DropReason.HandshakeInvalid,
            };
            return Drop(reason);
        }

        var linkId = datagram[2];
        lock (_handshakeLock)
        {
            var existing = Sessions.FindByPeer(verified!.PeerPublicKey);
            if (existing is not null && existing.RemoteSessionId == verified.PeerSessionId)
            {
                // Rekey of a live session: same links, same reorder state, new keys.
                var epoch = (byte)(existing.CurrentEpoch + 1);
                var keys = _responder.CreateResponse(verified, existing.LocalSessionId, epoch, linkId, _response);
                existing.InstallKeypair(keys, verified.PeerSessionId);
                LogRekeyed(_logger, verified.Grant.PeerName, existing.LocalSessionId, epoch);
            }
            else
            {
                if (existing is not null)
                {
                    // The agent restarted: its old session's sequences mean nothing any more.
                    Sessions.Remove(existing);
                    existing.Dispose();
                }

                if (Sessions.Count >= _options.MaxSessions)
                {
                    return Drop(DropReason.HandshakeInvalid);
                }

                var id = Sessions.AllocateId();
                var session = new BondingSession(id, _tun, _options.Bonding, _time, _loggerFactory.CreateLogger<BondingSession>(),
                    verified.Grant.AllowedSources, (link, endPoint) => new ListenerReplyLink(_listener, link, endPoint), verified.Grant.PeerName);
                var keys = _responder.CreateResponse(verified, id, 1, linkId, _response);
                session.InstallKeypair(keys, verified.PeerSessionId);
                session.EnsurePeerLink(linkId, from);
                Sessions.Add(session, verified.PeerPublicKey, verified.Grant.AllowedSources);
                LogSessionCreated(_logger, verified.Grant.PeerName, id, from.ToString() ?? "");
            }

            _listener.SendTo(_response, from);
        }

        return DropReason.None;
    }

    /// <summary>Reads downlink packets from the shared TUN device and routes each to its session.</summary>
    public Task RunTunReadAsync(CancellationToken cancellationToken) =>
        TunPump.RunAsync(_tun, packet => RoutePacket(packet), cancellationToken);

    public DropReason RoutePacket(ReadOnlySpan<byte> packet)
    {
        if (!InnerPacket.TryGetAddresses(packet, out _, out var destination))
        {
            return Drop(DropReason.InvalidInnerPacket);
        }

        if (!Sessions.TryRoute(destination, out var session))
        {
            return Drop(DropReason.NoRoute);
        }

        return session.SendPacket(packet);
    }

    public async Task RunTickAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.Bonding.TickInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Tick();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Ticks every session and removes idle ones.</summary>
    public void Tick()
    {
        var idleUs = (long)_options.SessionIdleTimeout.TotalMicroseconds;
        foreach (var session in Sessions.All)
        {
            if (session.NowUs() - session.LastAuthenticatedUs > idleUs)
            {
                Sessions.Remove(session);
                session.Dispose();
                LogSessionExpired(_logger, session.PeerName, session.LocalSessionId);
                continue;
            }

            session.Tick();
        }
    }

    private DropReason Drop(DropReason reason)
    {
        Counters.Drop(reason);
        return reason;
    }

    public void Dispose()
    {
        foreach (var session in Sessions.All)
        {
            session.Dispose();
        }
    }
}
