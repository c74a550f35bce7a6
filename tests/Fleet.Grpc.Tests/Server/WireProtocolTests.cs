using System.Net;
using Fleet.Grpc.Tests.Infrastructure;
using static Fleet.Grpc.Tests.Infrastructure.TestService;

namespace Fleet.Grpc.Tests.Server;

/// <summary>What our server puts on the wire, checked with a plain HTTP/2 client.</summary>
public sealed class WireProtocolTests
{
    [Fact]
    public async Task EarlyError_TrailersOnly_StatusInHeadersAndEmptyBody()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        using var request = RawGrpc.CreateRequest(server.Address, Echo.FullName, RawGrpc.Frame(Msg("fail:5:n\u00f6pe")));

        using var response = await http.SendAsync(request, CancellationToken.None);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("5", response.Headers.GetValues("grpc-status").Single());
        Assert.Equal("n%C3%B6pe", response.Headers.NonValidated["grpc-message"].ToString());
        Assert.Empty(body);
        Assert.False(response.TrailingHeaders.Contains("grpc-status"));
    }

    [Fact]
    public async Task Success_StatusInTrailersAfterMessage()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        using var request = RawGrpc.CreateRequest(server.Address, Echo.FullName, RawGrpc.Frame(Msg("hi")));

        using var response = await http.SendAsync(request, CancellationToken.None);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(RawGrpc.Frame(Msg("hi")), body);
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
        Assert.False(response.Headers.Contains("grpc-status"));
    }

    [Fact]
    public async Task UnknownPath_GrpcContentType_Status12NotHttp404()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        using var request = RawGrpc.CreateRequest(server.Address, "/pkg.Nope/Method", RawGrpc.Frame(Msg("x")));

        using var response = await http.SendAsync(request, CancellationToken.None);
        var (status, _) = await RawGrpc.ReadStatusAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(StatusCode.Unimplemented, status);
    }

    [Fact]
    public async Task UnknownPath_OtherContentType_Http404()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Address, "/pkg.Nope/Method"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await http.SendAsync(request, CancellationToken.None);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task KnownMethod_WrongContentType_Http415()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        using var request = RawGrpc.CreateRequest(server.Address, Echo.FullName, RawGrpc.Frame(Msg("x")));
        request.Content!.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");

        using var response = await http.SendAsync(request, CancellationToken.None);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task UnaryRequest_TruncatedFrame_Internal()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        using var request = RawGrpc.CreateRequest(server.Address, Echo.FullName, RawGrpc.Frame(Msg("hello"))[..6]);

        using var response = await http.SendAsync(request, CancellationToken.None);
        var (status, _) = await RawGrpc.ReadStatusAsync(response);

        Assert.Equal(StatusCode.Internal, status);
    }
}
