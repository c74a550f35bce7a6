using System.Buffers;
using System.Buffers.Binary;
using Fleet.Grpc.Compression;
using Google.Protobuf;

namespace Fleet.Grpc.Framing;

/// <summary>Writes length-prefixed gRPC messages and flushes each one (bidi calls hang without the flush).</summary>
internal static class MessageWriter
{
    public static async ValueTask WriteAsync<T>(Stream stream, T message, MessageFraming framing, CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(message);
        var size = message.CalculateSize();
        if (framing.MaxMessageSize is { } max && size > max)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"Sending message exceeds the maximum configured message size ({size} > {max} bytes)."));
        }

        var gzip = string.Equals(framing.Encoding, GrpcEncodings.Gzip, StringComparison.OrdinalIgnoreCase);
        var buffer = ArrayPool<byte>.Shared.Rent(GrpcProtocol.FrameHeaderLength + size);
        try
        {
            message.WriteTo(buffer.AsSpan(GrpcProtocol.FrameHeaderLength, size));
            if (gzip)
            {
                var compressed = GzipCodec.Compress(buffer.AsSpan(GrpcProtocol.FrameHeaderLength, size));
                WriteHeader(buffer, compressed: true, compressed.Length);
                await stream.WriteAsync(buffer.AsMemory(0, GrpcProtocol.FrameHeaderLength), cancellationToken).ConfigureAwait(false);
                await stream.WriteAsync(compressed, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                WriteHeader(buffer, compressed: false, size);
                await stream.WriteAsync(buffer.AsMemory(0, GrpcProtocol.FrameHeaderLength + size), cancellationToken).ConfigureAwait(false);
            }

            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void WriteHeader(byte[] buffer, bool compressed, int length)
    {
        buffer[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(1, 4), (uint)length);
    }
}
