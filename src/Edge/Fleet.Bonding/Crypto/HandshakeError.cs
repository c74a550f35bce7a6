namespace Fleet.Bonding.Crypto;

public enum HandshakeError
{
    None,
    Malformed,
    InvalidKey,
    AuthenticationFailed,
    UnknownPeer,
    Replayed,
    ClockSkew,
    WrongSession,
}
