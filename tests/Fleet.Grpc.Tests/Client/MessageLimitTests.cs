using Fleet.Grpc.Tests.Infrastructure;
using static Fleet.Grpc.Tests.Infrastructure.TestService;

namespace Fleet.Grpc.Tests.Client;

/// <summary>The 4 MiB default receive limit, enforced on the length prefix, both directions.</summary>
public sealed class MessageLimitTests
{
    private const int FiveMiB = 5 * 1024 * 1024;

    [Fact]
    public async Task AsyncUnaryCall_RequestOverServerLimit_ResourceExhausted()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var channel = server.CreateChannel();

        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await channel.CreateCallInvoker().AsyncUnaryCall(Echo, default, Msg(new string('x', FiveMiB))));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task AsyncUnaryCall_ResponseOverClientLimit_ResourceExhausted()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var channel = server.CreateChannel();

        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await channel.CreateCallInvoker().AsyncUnaryCall(Echo, default, Msg($"big:{FiveMiB}")));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Contains("exceeds the maximum", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AsyncUnaryCall_ResponseUnderRaisedClientLimit_Succeeds()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var channel = server.CreateChannel(new GrpcChannelOptions { MaxReceiveMessageSize = 8 * 1024 * 1024 });

        var reply = await channel.CreateCallInvoker().AsyncUnaryCall(Echo, default, Msg($"big:{FiveMiB}"));

        Assert.Equal(FiveMiB, reply.Text.Length);
    }

    [Fact]
    public async Task AsyncUnaryCall_RequestOverClientSendLimit_ResourceExhaustedLocally()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var channel = server.CreateChannel(new GrpcChannelOptions { MaxSendMessageSize = 1000 });

        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await channel.CreateCallInvoker().AsyncUnaryCall(Echo, default, Msg(new string('x', 2000))));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Null(server.Service.LastRequestEncoding);
    }

    [Fact]
    public async Task RawRequest_LengthPrefixOverLimitWithoutPayload_ResourceExhaustedBeforeBuffering()
    {
        // Only the 5-byte prefix is sent, announcing 100 MiB: the server must answer from the prefix alone.
        await using var server = await GrpcTestServer.StartAsync();
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        using var request = RawGrpc.CreateRequest(server.Address, Echo.FullName, [0, 0x06, 0x40, 0x00, 0x00]);

        using var response = await http.SendAsync(request, new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        var (status, _) = await RawGrpc.ReadStatusAsync(response);

        Assert.Equal(StatusCode.ResourceExhausted, status);
    }
}
