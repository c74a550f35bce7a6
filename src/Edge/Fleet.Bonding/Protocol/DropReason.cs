namespace Fleet.Bonding.Protocol;

/// <summary>Why a received datagram or packet was not accepted. Every drop is counted by reason.</summary>
public enum DropReason
{
    None = 0,
    Truncated,
    UnknownType,
    BadLength,
    UnknownSession,
    UnknownKeyEpoch,
    AuthenticationFailed,
    Replayed,
    HandshakeInvalid,
    HandshakeUnknownPeer,
    HandshakeReplayed,
    HandshakeUnexpected,
    DuplicatePacket,
    TooOld,
    SourceNotAllowed,
    NoRoute,
    LinkUnknown,
    NotEstablished,
    TunFull,
    InvalidInnerPacket,
}

public static class DropReasons
{
    public static readonly int Count = Enum.GetValues<DropReason>().Length;

    public static DropReason FromParse(ParseResult result) => result switch
    {
        ParseResult.Truncated => DropReason.Truncated,
        ParseResult.UnknownType => DropReason.UnknownType,
        _ => DropReason.BadLength,
    };
}
