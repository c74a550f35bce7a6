using System.Security.Cryptography;
using Fleet.Bonding.Protocol;

namespace Fleet.Bonding.Crypto;

/// <summary>A verified init: who the peer is and what it may do, ready for <see cref="HandshakeResponder.CreateResponse"/>.</summary>
public sealed class VerifiedInitiation
{
    internal VerifiedInitiation(byte[] peerPublicKey, PeerGrant grant, uint peerSessionId, byte[] peerEphemeral, HandshakeCrypto state)
    {
        PeerPublicKey = peerPublicKey;
        Grant = grant;
        PeerSessionId = peerSessionId;
        PeerEphemeral = peerEphemeral;
        State = state;
    }

    public byte[] PeerPublicKey { get; }

    public PeerGrant Grant { get; }

    public uint PeerSessionId { get; }

    internal byte[] PeerEphemeral { get; }

    internal HandshakeCrypto State { get; }
}

/// <summary>
/// Server side of the handshake: verifies inits (the peer's static key must be known to the
/// <see cref="IPeerAuthorizer"/>, its timestamp newer than the last accepted one) and answers them.
/// Thread-safe.
/// </summary>
public sealed class HandshakeResponder
{
    private readonly StaticKeyPair _local;
    private readonly IPeerAuthorizer _authorizer;
    private readonly TimeProvider _time;
    private readonly TimeSpan? _maxClockSkew;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, byte[]> _lastStamps = new(StringComparer.Ordinal);

    public HandshakeResponder(StaticKeyPair local, IPeerAuthorizer authorizer, TimeProvider time, TimeSpan? maxClockSkew = null)
    {
        _local = local;
        _authorizer = authorizer;
        _time = time;
        _maxClockSkew = maxClockSkew;
    }

    public HandshakeError TryConsumeInit(ReadOnlySpan<byte> init, out VerifiedInitiation? verified)
    {
        verified = null;
        if (HandshakeLayout.Check(init, PacketType.HandshakeInit) != ParseResult.Ok)
        {
            return HandshakeError.Malformed;
        }

        var ephemeralPublic = init.Slice(HandshakeLayout.InitEphemeralOffset, HandshakeLayout.PublicKeySize);
        using var ephemeral = StaticKeyPair.TryImportPublic(ephemeralPublic);
        if (ephemeral is null)
        {
            return HandshakeError.InvalidKey;
        }

        var state = HandshakeCrypto.Start(_local.PublicKey);
        state.MixHash(ephemeralPublic);
        var es = HandshakeCrypto.Agree(_local.Key, ephemeral);
        if (es is null)
        {
            return HandshakeError.InvalidKey;
        }

        var peerStatic = new byte[StaticKeyPair.PublicKeySize];
        if (!state.OpenAndHash(state.MixKey(es), init.Slice(HandshakeLayout.InitStaticOffset, HandshakeLayout.InitStaticSize), peerStatic))
        {
            return HandshakeError.AuthenticationFailed;
        }

        CryptographicOperations.ZeroMemory(es);
        using var peer = StaticKeyPair.TryImportPublic(peerStatic);
        if (peer is null)
        {
            return HandshakeError.InvalidKey;
        }

        var ss = HandshakeCrypto.Agree(_local.Key, peer);
        if (ss is null)
        {
            return HandshakeError.InvalidKey;
        }

        Span<byte> stamp = stackalloc byte[HandshakeTimestamp.Size];
        if (!state.OpenAndHash(state.MixKey(ss), init.Slice(HandshakeLayout.InitTimestampOffset, HandshakeLayout.InitTimestampSize), stamp))
        {
            return HandshakeError.AuthenticationFailed;
        }

        CryptographicOperations.ZeroMemory(ss);
        if (!_authorizer.TryAuthorize(peerStatic, out var grant))
        {
            return HandshakeError.UnknownPeer;
        }

        if (_maxClockSkew is { } skew && (HandshakeTimestamp.ReadTime(stamp) - _time.GetUtcNow()).Duration() > skew)
        {
            return HandshakeError.ClockSkew;
        }

        var peerKeyText = Convert.ToBase64String(peerStatic);
        lock (_lock)
        {
            if (_lastStamps.TryGetValue(peerKeyText, out var last) && stamp.SequenceCompareTo(last) <= 0)
            {
                return HandshakeError.Replayed;
            }

            _lastStamps[peerKeyText] = stamp.ToArray();
        }

        verified = new VerifiedInitiation(peerStatic, grant, HandshakeLayout.ReadUInt32(init, HandshakeLayout.InitSenderOffset), ephemeralPublic.ToArray(), state);
        return HandshakeError.None;
    }

    /// <summary>Writes the response into <paramref name="response"/> (<see cref="HandshakeLayout.ResponseSize"/>
    /// bytes) and returns the responder's keypair (unconfirmed until the initiator uses it).</summary>
    public Keypair CreateResponse(VerifiedInitiation verified, uint localSessionId, byte epoch, byte linkId, Span<byte> response)
    {
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var peerEphemeral = StaticKeyPair.TryImportPublic(verified.PeerEphemeral)!;
        using var peerStatic = StaticKeyPair.TryImportPublic(verified.PeerPublicKey)!;
        var state = verified.State.Clone();

        response = response[..HandshakeLayout.ResponseSize];
        response.Clear();
        response[0] = (byte)PacketType.HandshakeResponse;
        response[2] = linkId;
        response[3] = epoch;
        HandshakeLayout.WriteUInt32(response, HandshakeLayout.ResponseSenderOffset, localSessionId);
        HandshakeLayout.WriteUInt32(response, HandshakeLayout.ResponseReceiverOffset, verified.PeerSessionId);
        var ephemeralPublic = HandshakeCrypto.RawPublicKey(ephemeral);
        ephemeralPublic.CopyTo(response[HandshakeLayout.ResponseEphemeralOffset..]);
        state.MixHash(ephemeralPublic);

        var ee = HandshakeCrypto.Agree(ephemeral, peerEphemeral)!;
        var se = HandshakeCrypto.Agree(ephemeral, peerStatic)!;
        state.MixKey(ee);
        state.SealAndHash(state.MixKey(se), [], response.Slice(HandshakeLayout.ResponseEmptyOffset, HandshakeLayout.TagSize));
        CryptographicOperations.ZeroMemory(ee);
        CryptographicOperations.ZeroMemory(se);

        Span<byte> initiatorToResponder = stackalloc byte[AeadCipher.KeySize];
        Span<byte> responderToInitiator = stackalloc byte[AeadCipher.KeySize];
        state.Split(initiatorToResponder, responderToInitiator);
        var keypair = new Keypair(responderToInitiator, initiatorToResponder, epoch, isInitiator: false, _time.GetTimestamp());
        CryptographicOperations.ZeroMemory(initiatorToResponder);
        CryptographicOperations.ZeroMemory(responderToInitiator);
        return keypair;
    }
}
