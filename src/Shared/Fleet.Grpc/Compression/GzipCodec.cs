using System.Buffers;
using System.IO.Compression;

namespace Fleet.Grpc.Compression;

/// <summary>gzip for message payloads; decompression stops at the receive limit instead of inflating a bomb.</summary>
internal static class GzipCodec
{
    public static byte[] Compress(ReadOnlySpan<byte> payload)
    {
        using var output = new MemoryStream(payload.Length / 2 + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(payload);
        }

        return output.ToArray();
    }

    /// <summary>
    /// Inflates into a pooled buffer. Returns false when the result would exceed <paramref name="maxLength"/>.
    /// The caller returns <paramref name="buffer"/> to <see cref="ArrayPool{T}.Shared"/>.
    /// </summary>
    public static bool TryDecompress(byte[] compressed, int compressedLength, int? maxLength, out byte[] buffer, out int length)
    {
        using var input = new MemoryStream(compressed, 0, compressedLength, writable: false);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        buffer = ArrayPool<byte>.Shared.Rent(Math.Max(256, compressedLength * 4));
        length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan(0, length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = bigger;
            }

            var read = gzip.Read(buffer, length, buffer.Length - length);
            if (read == 0)
            {
                return true;
            }

            length += read;
            if (maxLength is { } max && length > max)
            {
                return false;
            }
        }
    }
}
