using System.Security.Cryptography;
using Fleet.Bonding.Protocol;

namespace Fleet.Bonding.Crypto;

/// <summary>
/// Agent side of the 1-RTT handshake (Noise IK pattern: <c>-&gt; e, es, s, ss</c> / <c>&lt;- e, ee, se</c>).
/// The init proves the agent's static key (ss) and carries a timestamp against replay; the response
/// proves the server's static key (es) and both ephemerals give the session keys forward secrecy (ee, se).
/// One instance per attempt; it holds the ephemeral private key until the response arrives.
/// </summary>
public sealed class HandshakeInitiator : IDisposable
{
    private readonly StaticKeyPair _local;
    private readonly ECDiffieHellman _ephemeral;
    private readonly HandshakeCrypto _state;
    private readonly byte[] _message = new byte[HandshakeLayout.InitSize];

    private HandshakeInitiator(StaticKeyPair local, ECDiffieHellman ephemeral, HandshakeCrypto state, uint localSessionId, long startedTimestamp)
    {
        _local = local;
        _ephemeral = ephemeral;
        _state = state;
        LocalSessionId = localSessionId;
        StartedTimestamp = startedTimestamp;
    }

    public uint LocalSessionId { get; }

    public long StartedTimestamp { get; }

    /// <summary>The init message; identical copies may be sent on several links (the responder takes one).</summary>
    public ReadOnlySpan<byte> Message => _message;

    public static HandshakeInitiator? Create(StaticKeyPair local, ReadOnlySpan<byte> remoteStatic, uint localSessionId, TimeProvider time)
    {
        using var remote = StaticKeyPair.TryImportPublic(remoteStatic);
        if (remote is null)
        {
            return null;
        }

        var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var state = HandshakeCrypto.Start(remoteStatic);
        var initiator = new HandshakeInitiator(local, ephemeral, state, localSessionId, time.GetTimestamp());
        var message = initiator._message.AsSpan();
        message[0] = (byte)PacketType.HandshakeInit;
        HandshakeLayout.WriteUInt32(message, HandshakeLayout.InitSenderOffset, localSessionId);

        var ephemeralPublic = HandshakeCrypto.RawPublicKey(ephemeral);
        ephemeralPublic.CopyTo(message[HandshakeLayout.InitEphemeralOffset..]);
        state.MixHash(ephemeralPublic);

        var es = HandshakeCrypto.Agree(ephemeral, remote)!;
        state.SealAndHash(state.MixKey(es), local.PublicKey, message.Slice(HandshakeLayout.InitStaticOffset, HandshakeLayout.InitStaticSize));
        CryptographicOperations.ZeroMemory(es);

        var ss = HandshakeCrypto.Agree(local.Key, remote)!;
        Span<byte> stamp = stackalloc byte[HandshakeTimestamp.Size];
        HandshakeTimestamp.Write(stamp, time.GetUtcNow());
        state.SealAndHash(state.MixKey(ss), stamp, message.Slice(HandshakeLayout.InitTimestampOffset, HandshakeLayout.InitTimestampSize));
        CryptographicOperations.ZeroMemory(ss);
        return initiator;
    }

    /// <summary>Checks the server's response; on success returns the new transport keypair.</summary>
    public HandshakeError TryConsumeResponse(ReadOnlySpan<byte> response, long nowTimestamp, out Keypair? keypair, out uint remoteSessionId)
    {
        keypair = null;
        remoteSessionId = 0;
        if (HandshakeLayout.Check(response, PacketType.HandshakeResponse) != ParseResult.Ok)
        {
            return HandshakeError.Malformed;
        }

        if (HandshakeLayout.ReadUInt32(response, HandshakeLayout.ResponseReceiverOffset) != LocalSessionId)
        {
            return HandshakeError.WrongSession;
        }

        var ephemeralPublic = response.Slice(HandshakeLayout.ResponseEphemeralOffset, HandshakeLayout.PublicKeySize);
        using var remoteEphemeral = StaticKeyPair.TryImportPublic(ephemeralPublic);
        if (remoteEphemeral is null)
        {
            return HandshakeError.InvalidKey;
        }

        // Work on a copy: a forged response must not spoil the state for the genuine one.
        var state = _state.Clone();
        state.MixHash(ephemeralPublic);
        var ee = HandshakeCrypto.Agree(_ephemeral, remoteEphemeral);
        var se = HandshakeCrypto.Agree(_local.Key, remoteEphemeral);
        if (ee is null || se is null)
        {
            return HandshakeError.InvalidKey;
        }

        state.MixKey(ee);
        var key = state.MixKey(se);
        CryptographicOperations.ZeroMemory(ee);
        CryptographicOperations.ZeroMemory(se);
        if (!state.OpenAndHash(key, response.Slice(HandshakeLayout.ResponseEmptyOffset, HandshakeLayout.TagSize), []))
        {
            return HandshakeError.AuthenticationFailed;
        }

        Span<byte> sendKey = stackalloc byte[AeadCipher.KeySize];
        Span<byte> receiveKey = stackalloc byte[AeadCipher.KeySize];
        state.Split(sendKey, receiveKey);
        keypair = new Keypair(sendKey, receiveKey, response[3], isInitiator: true, nowTimestamp) { Confirmed = true };
        CryptographicOperations.ZeroMemory(sendKey);
        CryptographicOperations.ZeroMemory(receiveKey);
        remoteSessionId = HandshakeLayout.ReadUInt32(response, HandshakeLayout.ResponseSenderOffset);
        return HandshakeError.None;
    }

    public void Dispose() => _ephemeral.Dispose();
}
