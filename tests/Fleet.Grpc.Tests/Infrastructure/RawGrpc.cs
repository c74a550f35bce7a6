using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using Google.Protobuf;

namespace Fleet.Grpc.Tests.Infrastructure;

/// <summary>Hand-built gRPC requests, for wire-level checks the typed client would never produce.</summary>
internal static class RawGrpc
{
    public static HttpRequestMessage CreateRequest(Uri address, string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/grpc");
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        return request;
    }

    public static byte[] Frame(IMessage message)
    {
        var payload = message.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>Reads the body to its end, then takes grpc-status from the trailers or (trailers-only) the headers.</summary>
    public static async Task<(StatusCode Status, string? RawMessage)> ReadStatusAsync(HttpResponseMessage response)
    {
        await response.Content.ReadAsByteArrayAsync();
        var source = response.TrailingHeaders.Contains("grpc-status") ? (System.Net.Http.Headers.HttpHeaders)response.TrailingHeaders : response.Headers;
        var status = (StatusCode)int.Parse(source.GetValues("grpc-status").Single(), CultureInfo.InvariantCulture);
        var message = source.NonValidated.TryGetValues("grpc-message", out var values) ? values.ToString() : null;
        return (status, message);
    }
}
