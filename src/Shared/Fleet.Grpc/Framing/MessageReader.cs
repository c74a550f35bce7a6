using System.Buffers;
using System.Buffers.Binary;
using Fleet.Grpc.Compression;
using Google.Protobuf;

namespace Fleet.Grpc.Framing;

/// <summary>Reads length-prefixed gRPC messages from a stream.</summary>
internal static class MessageReader
{
    /// <summary>
    /// Reads the next message, or returns null at a clean end of stream. Protocol errors surface as
    /// <see cref="RpcException"/>: the size limit is checked on the length prefix, before any buffering.
    /// </summary>
    public static async ValueTask<T?> ReadAsync<T>(Stream stream, MessageParser<T> parser, MessageFraming framing, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        var header = ArrayPool<byte>.Shared.Rent(GrpcProtocol.FrameHeaderLength);
        bool compressed;
        int length;
        try
        {
            var read = await stream.ReadAtLeastAsync(header.AsMemory(0, GrpcProtocol.FrameHeaderLength), GrpcProtocol.FrameHeaderLength, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            if (read < GrpcProtocol.FrameHeaderLength)
            {
                throw new RpcException(new Status(StatusCode.Internal, "Incomplete message: the stream ended inside a frame header."));
            }

            compressed = header[0] switch
            {
                0 => false,
                1 => true,
                _ => throw new RpcException(new Status(StatusCode.Internal, $"Invalid compressed flag {header[0]} in a message frame.")),
            };
            var declared = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1, 4));
            if (framing.MaxMessageSize is { } max && declared > (uint)max)
            {
                throw new RpcException(new Status(StatusCode.ResourceExhausted, $"Received message exceeds the maximum configured message size ({declared} > {max} bytes)."));
            }

            if (declared > int.MaxValue)
            {
                throw new RpcException(new Status(StatusCode.ResourceExhausted, $"Received message is too large ({declared} bytes)."));
            }

            length = (int)declared;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(header);
        }

        if (compressed && GrpcEncodings.IsIdentity(framing.Encoding))
        {
            throw new RpcException(new Status(StatusCode.Internal, "Received a compressed message but no grpc-encoding was negotiated."));
        }

        if (compressed && !string.Equals(framing.Encoding, GrpcEncodings.Gzip, StringComparison.OrdinalIgnoreCase))
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, $"Unsupported grpc-encoding '{framing.Encoding}'."));
        }

        var payload = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            try
            {
                await stream.ReadExactlyAsync(payload.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            }
            catch (EndOfStreamException)
            {
                throw new RpcException(new Status(StatusCode.Internal, "Incomplete message: the stream ended inside a message."));
            }

            return compressed ? ParseCompressed(parser, payload, length, framing.MaxMessageSize) : Parse(parser, payload, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    private static T ParseCompressed<T>(MessageParser<T> parser, byte[] payload, int length, int? maxMessageSize)
        where T : IMessage<T>
    {
        byte[] inflated;
        int inflatedLength;
        try
        {
            if (!GzipCodec.TryDecompress(payload, length, maxMessageSize, out inflated, out inflatedLength))
            {
                ArrayPool<byte>.Shared.Return(inflated);
                throw new RpcException(new Status(StatusCode.ResourceExhausted, $"Decompressed message exceeds the maximum configured message size ({maxMessageSize} bytes)."));
            }
        }
        catch (InvalidDataException ex)
        {
            throw new RpcException(new Status(StatusCode.Internal, "Failed to decompress message: " + ex.Message));
        }

        try
        {
            return Parse(parser, inflated, inflatedLength);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(inflated);
        }
    }

    private static T Parse<T>(MessageParser<T> parser, byte[] buffer, int length)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(buffer.AsSpan(0, length));
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new RpcException(new Status(StatusCode.Internal, "Failed to deserialize message: " + ex.Message));
        }
    }
}
