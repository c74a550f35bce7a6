namespace Fleet.Grpc.Framing;

/// <summary>Per-direction framing settings: the size limit and the encoding in force.</summary>
/// <param name="MaxMessageSize">Largest accepted message in bytes; null means no limit.</param>
/// <param name="Encoding">The peer's grpc-encoding (reading) or the chosen one (writing); null means identity.</param>
internal readonly record struct MessageFraming(int? MaxMessageSize, string? Encoding);
