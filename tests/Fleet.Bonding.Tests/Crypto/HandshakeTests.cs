using Fleet.Bonding.Crypto;
using Fleet.Bonding.Protocol;
using Fleet.Bonding.Tests.Infrastructure;

namespace Fleet.Bonding.Tests.Crypto;

public sealed class HandshakeTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly StaticKeyPair _server = StaticKeyPair.Generate();
    private readonly StaticKeyPair _agent = StaticKeyPair.Generate();
    private readonly StaticPeerAuthorizer _authorizer = new();

    public HandshakeTests() => _authorizer.Add(_agent.PublicKey, new PeerGrant("vehicle-1", [IpPrefix.Parse("10.254.0.2/32")]));

    [Fact]
    public void Handshake_KnownKeys_BothEndsDeriveMatchingTransportKeys()
    {
        var (initiatorKeys, responderKeys, verified) = Complete(_agent, _server.PublicKey);

        Assert.Equal(_agent.PublicKey, verified.PeerPublicKey);
        Assert.Equal("vehicle-1", verified.Grant.PeerName);
        AssertKeysMatch(initiatorKeys, responderKeys);
        AssertKeysMatch(responderKeys, initiatorKeys);
    }

    [Fact]
    public void Handshake_AgentUsesWrongServerKey_ServerRejectsInit()
    {
        using var impostor = StaticKeyPair.Generate();
        using var initiator = HandshakeInitiator.Create(_agent, impostor.PublicKey, 7, _time)!;
        var responder = new HandshakeResponder(_server, _authorizer, _time);

        Assert.Equal(HandshakeError.AuthenticationFailed, responder.TryConsumeInit(initiator.Message, out _));
    }

    [Fact]
    public void Handshake_UnknownAgentKey_ServerRejectsAsUnknownPeer()
    {
        using var stranger = StaticKeyPair.Generate();
        using var initiator = HandshakeInitiator.Create(stranger, _server.PublicKey, 7, _time)!;
        var responder = new HandshakeResponder(_server, _authorizer, _time);

        Assert.Equal(HandshakeError.UnknownPeer, responder.TryConsumeInit(initiator.Message, out _));
    }

    [Fact]
    public void Handshake_ResponseFromServerWithoutTheStaticKey_AgentRejects()
    {
        // An impostor server that knows the agent (so it accepts the init) but not the real server's
        // private key cannot even open the init; simulate a forged response by flipping one bit.
        using var initiator = HandshakeInitiator.Create(_agent, _server.PublicKey, 7, _time)!;
        var responder = new HandshakeResponder(_server, _authorizer, _time);
        Assert.Equal(HandshakeError.None, responder.TryConsumeInit(initiator.Message, out var verified));
        var response = new byte[HandshakeLayout.ResponseSize];
        using var keys = responder.CreateResponse(verified!, 99, 1, 0, response);
        var forged = (byte[])response.Clone();
        forged[HandshakeLayout.ResponseEmptyOffset + 3] ^= 0x40;

        Assert.Equal(HandshakeError.AuthenticationFailed, initiator.TryConsumeResponse(forged, 0, out _, out _));
        // The genuine response still completes after the forgery was rejected.
        Assert.Equal(HandshakeError.None, initiator.TryConsumeResponse(response, 0, out var good, out var remote));
        Assert.Equal(99u, remote);
        good!.Dispose();
    }

    [Fact]
    public void Handshake_ReplayedInit_Rejected()
    {
        using var initiator = HandshakeInitiator.Create(_agent, _server.PublicKey, 7, _time)!;
        var responder = new HandshakeResponder(_server, _authorizer, _time);
        var init = initiator.Message.ToArray();

        Assert.Equal(HandshakeError.None, responder.TryConsumeInit(init, out _));
        Assert.Equal(HandshakeError.Replayed, responder.TryConsumeInit(init, out _));
    }

    [Fact]
    public void Handshake_TwoRuns_ProduceDifferentSessionKeys()
    {
        // Forward secrecy: fresh ephemerals every time, so keys of one session say nothing about another.
        var (firstInitiator, firstResponder, _) = Complete(_agent, _server.PublicKey);
        var (secondInitiator, secondResponder, _) = Complete(_agent, _server.PublicKey);

        var plain = new byte[32];
        var cipherA = new byte[32];
        var cipherB = new byte[32];
        var tag = new byte[16];
        firstInitiator.Send.Seal(0, plain, cipherA, tag, []);
        secondInitiator.Send.Seal(0, plain, cipherB, tag, []);
        Assert.NotEqual(cipherA, cipherB);
        Assert.False(secondResponder.Receive.TryOpen(0, cipherA, tag, new byte[32], []));
        foreach (var k in new[] { firstInitiator, firstResponder, secondInitiator, secondResponder })
        {
            k.Dispose();
        }
    }

    [Fact]
    public void ConsumeInit_RandomOrTruncatedBytes_FailsAsValue()
    {
        var responder = new HandshakeResponder(_server, _authorizer, _time);
        var random = new Random(5);
        var init = new byte[HandshakeLayout.InitSize];
        for (var i = 0; i < 50; i++)
        {
            random.NextBytes(init);
            init[0] = (byte)PacketType.HandshakeInit;
            Assert.NotEqual(HandshakeError.None, responder.TryConsumeInit(init, out _));
        }

        Assert.Equal(HandshakeError.Malformed, responder.TryConsumeInit(init.AsSpan(0, 100), out _));
    }

    [Fact]
    public void StaticKeyPair_Pkcs8RoundTrip_KeepsPublicKey()
    {
        using var restored = StaticKeyPair.FromPkcs8(_agent.ExportPkcs8());
        Assert.Equal(_agent.PublicKey, restored.PublicKey);
        Assert.True(StaticKeyPair.TryParsePublicKey(_agent.PublicKeyBase64, out var parsed, out _));
        Assert.Equal(_agent.PublicKey, parsed);
        Assert.False(StaticKeyPair.TryParsePublicKey(Convert.ToBase64String(new byte[64]), out _, out var error));
        Assert.NotEmpty(error);
    }

    private (Keypair Initiator, Keypair Responder, VerifiedInitiation Verified) Complete(StaticKeyPair agent, byte[] serverPublic)
    {
        using var initiator = HandshakeInitiator.Create(agent, serverPublic, 7, _time)!;
        var responder = new HandshakeResponder(_server, _authorizer, _time);
        Assert.Equal(HandshakeError.None, responder.TryConsumeInit(initiator.Message, out var verified));
        var response = new byte[HandshakeLayout.ResponseSize];
        var responderKeys = responder.CreateResponse(verified!, 99, 1, 0, response);
        Assert.Equal(HandshakeError.None, initiator.TryConsumeResponse(response, 0, out var initiatorKeys, out _));
        return (initiatorKeys!, responderKeys, verified!);
    }

    private static void AssertKeysMatch(Keypair from, Keypair to)
    {
        var plain = "payload"u8.ToArray();
        var cipher = new byte[plain.Length];
        var tag = new byte[16];
        from.Send.Seal(5, plain, cipher, tag, [1]);
        var opened = new byte[plain.Length];
        Assert.True(to.Receive.TryOpen(5, cipher, tag, opened, [1]));
        Assert.Equal(plain, opened);
    }

    public void Dispose()
    {
        _server.Dispose();
        _agent.Dispose();
    }
}
