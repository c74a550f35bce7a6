using System.Buffers.Binary;

namespace Fleet.Bonding.Tests.Infrastructure;

/// <summary>Builds small valid IPv4 packets whose payload carries a sequence number (to check order/loss).</summary>
public static class TestPackets
{
    public static byte[] Udp(uint sequence, int totalLength = 200, int dscp = 0, ushort sourcePort = 5000, ushort destinationPort = 6000,
        string source = "10.10.0.2", string destination = "10.20.0.2")
    {
        var packet = new byte[Math.Max(totalLength, 32)];
        packet[0] = 0x45;
        packet[1] = (byte)(dscp << 2);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[8] = 64;
        packet[9] = 17;
        System.Net.IPAddress.Parse(source).TryWriteBytes(packet.AsSpan(12), out _);
        System.Net.IPAddress.Parse(destination).TryWriteBytes(packet.AsSpan(16), out _);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(24), (ushort)(packet.Length - 20));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(28), sequence);
        return packet;
    }

    public static uint SequenceOf(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[28..]);
}
