namespace Fleet.Bonding.Protocol;

/// <summary>First byte of every datagram.</summary>
public enum PacketType : byte
{
    HandshakeInit = 1,
    HandshakeResponse = 2,
    Data = 3,
    Probe = 4,
    Feedback = 5,
    Keepalive = 6,

    /// <summary>Receiver → sender: these ordered global sequences were lost on their link; resend them.</summary>
    Nack = 7,
}
