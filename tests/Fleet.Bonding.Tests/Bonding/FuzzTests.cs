using System.Net;
using Fleet.Bonding.Links;
using Fleet.Bonding.Protocol;
using Fleet.Bonding.Tests.Infrastructure;

namespace Fleet.Bonding.Tests.Bonding;

/// <summary>
/// Hostile input at both ends of an established session: random bytes, truncations, replays of
/// genuine packets, bit-flipped (forged) genuine packets, packets with a valid session id and random
/// rest, and garbage handshakes. Nothing may be accepted, nothing may throw, every drop is counted.
/// </summary>
public class FuzzTests
{
    private const int Total = 1_000_000;

    [Fact]
    public void ProcessDatagram_MillionHostilePackets_NoneAcceptedNoCrashCountedByReason()
    {
        using var bond = new BondHarness([new LinkConditions(), new LinkConditions()]);
        bond.Establish();

        // Capture genuine traffic in both directions to replay and forge.
        var uplink = new List<byte[]>();
        var downlink = new List<byte[]>();
        for (uint i = 0; i < 200; i++)
        {
            bond.Client.Session.SendPacket(TestPackets.Udp(i, 100 + (int)i));
            bond.Server.RoutePacket(TestPackets.Udp(i, 100 + (int)i, source: "10.20.0.2", destination: "10.10.0.9"));
        }

        var buffer = new byte[4096];
        while (bond.Listener.TryReceiveFrom(buffer, out var n, out var from))
        {
            var copy = buffer.AsSpan(0, n).ToArray();
            uplink.Add(copy);
            bond.Server.ProcessDatagram(copy, from!);
        }

        foreach (var link in bond.Links)
        {
            while (link.TryReceive(buffer, out var n))
            {
                var copy = buffer.AsSpan(0, n).ToArray();
                downlink.Add(copy);
                bond.Client.ProcessDatagram(copy, link);
            }
        }

        // Past the longest playout delay: everything accepted has been written.
        bond.Time.Advance(bond.Options.MaxPlayoutDelay);
        bond.Client.Session.ReleaseDue();
        bond.Server.ReleaseDue();
        var serverDelivered = bond.DrainServerTun().Count;
        var clientDelivered = bond.DrainClientTun().Count;
        Assert.Equal(200, serverDelivered);
        Assert.Equal(200, clientDelivered);
        var serverSession = bond.ServerSession;
        var serverDropsBefore = bond.Server.Counters.TotalDropped + serverSession.Counters.TotalDropped;
        var clientDropsBefore = bond.Client.Session.Counters.TotalDropped;

        var random = new Random(20261121);
        var from1 = new IPEndPoint(IPAddress.Parse("198.51.100.7"), 4444);
        var scratch = new byte[2100];
        var sessionIdForServer = serverSession.LocalSessionId;
        var sessionIdForClient = bond.Client.Session.LocalSessionId;
        for (var i = 0; i < Total; i++)
        {
            var toServer = ((i / 10) & 1) == 0;
            var genuine = toServer ? uplink : downlink;
            Span<byte> packet;
            switch (i % 10)
            {
                case 0 or 1:
                    // Random bytes of random length, random type byte.
                    packet = scratch.AsSpan(0, random.Next(0, 1600));
                    random.NextBytes(packet);
                    break;
                case 2:
                    // Truncated genuine packet.
                    var source = genuine[random.Next(genuine.Count)];
                    packet = scratch.AsSpan(0, random.Next(0, source.Length));
                    source.AsSpan(0, packet.Length).CopyTo(packet);
                    break;
                case 3 or 4:
                    // Exact replay of a genuine packet.
                    var replay = genuine[random.Next(genuine.Count)];
                    packet = scratch.AsSpan(0, replay.Length);
                    replay.CopyTo(packet);
                    break;
                case 5 or 6:
                    // Forged: a genuine packet with one bit flipped and a fresh (never used) counter.
                    var original = genuine[random.Next(genuine.Count)];
                    packet = scratch.AsSpan(0, original.Length);
                    original.CopyTo(packet);
                    BitConverter.TryWriteBytes(packet[8..], (ulong)(1_000_000 + i));
                    var bit = random.Next(TransportHeader.Size * 8, packet.Length * 8);
                    packet[bit / 8] ^= (byte)(1 << (bit % 8));
                    break;
                case 7:
                    // Valid-looking header for the right session, random body and counter.
                    packet = scratch.AsSpan(0, random.Next(TransportHeader.Size + 16, 1500));
                    random.NextBytes(packet);
                    packet[0] = (byte)random.Next((int)PacketType.Data, (int)PacketType.Nack + 1);
                    packet[2] = (byte)random.Next(0, 2);
                    packet[3] = (byte)(toServer ? serverSession.CurrentEpoch : bond.Client.Session.CurrentEpoch);
                    BitConverter.TryWriteBytes(packet[4..], toServer ? sessionIdForServer : sessionIdForClient);
                    break;
                case 8:
                    // Unknown session id.
                    packet = scratch.AsSpan(0, random.Next(TransportHeader.Size + 16, 1500));
                    random.NextBytes(packet);
                    packet[0] = (byte)PacketType.Data;
                    packet[2] = 0;
                    BitConverter.TryWriteBytes(packet[4..], 0xBAD0_0000u | (uint)i);
                    break;
                default:
                    // Garbage handshakes (rarely: each costs an ECDH) or random small frames.
                    if (i % 1000 is 9 or 19)
                    {
                        packet = scratch.AsSpan(0, toServer ? HandshakeLayout.InitSize : HandshakeLayout.ResponseSize);
                        random.NextBytes(packet);
                        packet[0] = (byte)(toServer ? PacketType.HandshakeInit : PacketType.HandshakeResponse);
                    }
                    else
                    {
                        packet = scratch.AsSpan(0, random.Next(0, 48));
                        random.NextBytes(packet);
                    }

                    break;
            }

            var reason = toServer ? bond.Server.ProcessDatagram(packet, from1) : bond.Client.ProcessDatagram(packet, bond.Links[i % 2]);
            Assert.NotEqual(DropReason.None, reason);
        }

        Assert.Empty(bond.DrainServerTun());
        Assert.Empty(bond.DrainClientTun());

        var serverDrops = bond.Server.Counters.TotalDropped + serverSession.Counters.TotalDropped - serverDropsBefore;
        var clientDrops = bond.Client.Session.Counters.TotalDropped - clientDropsBefore;
        Assert.Equal(Total, serverDrops + clientDrops);
        var byReason = bond.Server.Counters.DropsByReason().Concat(serverSession.Counters.DropsByReason()).Concat(bond.Client.Session.Counters.DropsByReason())
            .GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));
        foreach (var expected in new[] { DropReason.Truncated, DropReason.Replayed, DropReason.AuthenticationFailed, DropReason.UnknownSession, DropReason.UnknownType, DropReason.HandshakeInvalid, DropReason.HandshakeUnexpected })
        {
            Assert.True(byReason.GetValueOrDefault(expected) > 0, $"no drops counted as {expected}: {string.Join(", ", byReason)}");
        }

        // The session still works afterwards.
        bond.Client.Session.SendPacket(TestPackets.Udp(999, 300));
        bond.Run(TimeSpan.FromMilliseconds(50));
        Assert.Single(bond.DrainServerTun());
    }
}
