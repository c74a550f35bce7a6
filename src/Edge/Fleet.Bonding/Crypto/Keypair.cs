namespace Fleet.Bonding.Crypto;

/// <summary>
/// The transport keys of one completed handshake: one AEAD per direction, the send counter (nonce) and
/// the receive replay window. A session holds the current keypair and, for a grace period after a
/// rekey, the previous one (packets in flight on slow links still decrypt).
/// </summary>
public sealed class Keypair : IDisposable
{
    internal Keypair(ReadOnlySpan<byte> sendKey, ReadOnlySpan<byte> receiveKey, byte epoch, bool isInitiator, long createdTimestamp)
    {
        Send = new AeadCipher(sendKey);
        Receive = new AeadCipher(receiveKey);
        Epoch = epoch;
        IsInitiator = isInitiator;
        CreatedTimestamp = createdTimestamp;
    }

    public AeadCipher Send { get; }

    public AeadCipher Receive { get; }

    /// <summary>Carried in every header so the receiver picks the right keypair across a rekey.</summary>
    public byte Epoch { get; }

    public bool IsInitiator { get; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when the handshake completed.</summary>
    public long CreatedTimestamp { get; }

    public ReplayWindow Replay { get; } = new();

    /// <summary>Next nonce; only the (serialised) send path touches it.</summary>
    public ulong SendCounter { get; set; }

    /// <summary>Responder side: the initiator has proven it holds these keys (first packet under them).
    /// Until then the responder keeps sending with the previous keypair.</summary>
    public bool Confirmed { get; set; }

    public void Dispose()
    {
        Send.Dispose();
        Receive.Dispose();
    }
}
