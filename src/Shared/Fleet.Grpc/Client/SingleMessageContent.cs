using System.Net;
using Fleet.Grpc.Framing;
using Google.Protobuf;

namespace Fleet.Grpc.Client;

/// <summary>Request content of unary and server-streaming calls: one framed message.</summary>
internal sealed class SingleMessageContent<T>(T message, MessageFraming framing) : HttpContent
    where T : IMessage<T>
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        MessageWriter.WriteAsync(stream, message, framing, cancellationToken).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
