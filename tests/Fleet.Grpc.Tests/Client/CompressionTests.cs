using Fleet.Grpc.Tests.Infrastructure;
using static Fleet.Grpc.Tests.Infrastructure.TestService;

namespace Fleet.Grpc.Tests.Client;

public sealed class CompressionTests
{
    [Fact]
    public async Task Gzip_BothDirections_RoundTripsAndIsNegotiated()
    {
        await using var server = await GrpcTestServer.StartAsync(configure: o => o.ResponseCompression = "gzip");
        using var channel = server.CreateChannel(new GrpcChannelOptions { CompressionEncoding = "gzip" });
        var text = string.Concat(Enumerable.Repeat("compressible ", 1000));

        using var call = channel.CreateCallInvoker().AsyncUnaryCall(Echo, default, Msg(text));
        var reply = await call;

        Assert.Equal(text, reply.Text);
        Assert.Equal("gzip", server.Service.LastRequestEncoding);
    }

    [Fact]
    public async Task Gzip_ServerCompressesResponse_WireShowsCompressedFlag()
    {
        await using var server = await GrpcTestServer.StartAsync(configure: o => o.ResponseCompression = "gzip");
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        using var request = RawGrpc.CreateRequest(server.Address, Echo.FullName, RawGrpc.Frame(Msg(new string('z', 5000))));
        request.Headers.TryAddWithoutValidation("grpc-accept-encoding", "gzip");

        using var response = await http.SendAsync(request, CancellationToken.None);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("gzip", response.Headers.GetValues("grpc-encoding").Single());
        Assert.Equal(1, body[0]);
        Assert.True(body.Length < 1000, $"body of {body.Length} bytes is not compressed");
    }

    [Fact]
    public async Task CompressedFlagWithoutEncoding_Internal()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        var frame = RawGrpc.Frame(Msg("x"));
        frame[0] = 1;
        using var request = RawGrpc.CreateRequest(server.Address, Echo.FullName, frame);

        using var response = await http.SendAsync(request, CancellationToken.None);
        var (status, _) = await RawGrpc.ReadStatusAsync(response);

        Assert.Equal(StatusCode.Internal, status);
    }

    [Fact]
    public async Task UnknownRequestEncoding_UnimplementedWithAcceptEncoding()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        using var request = RawGrpc.CreateRequest(server.Address, Echo.FullName, RawGrpc.Frame(Msg("x")));
        request.Headers.TryAddWithoutValidation("grpc-encoding", "snappy");

        using var response = await http.SendAsync(request, CancellationToken.None);
        var (status, _) = await RawGrpc.ReadStatusAsync(response);

        Assert.Equal(StatusCode.Unimplemented, status);
        Assert.Contains("gzip", response.Headers.GetValues("grpc-accept-encoding").Single(), StringComparison.Ordinal);
    }
}
