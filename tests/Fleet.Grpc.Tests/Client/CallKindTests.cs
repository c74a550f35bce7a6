using Fleet.Grpc.Tests.Infrastructure;
using static Fleet.Grpc.Tests.Infrastructure.TestService;

namespace Fleet.Grpc.Tests.Client;

/// <summary>Our client against our server, every call kind, over h2c and TLS.</summary>
public sealed class CallKindTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AsyncUnaryCall_Echo_ReturnsRequestText(bool tls)
    {
        await using var server = await GrpcTestServer.StartAsync(tls);
        using var channel = server.CreateChannel();

        using var call = channel.CreateCallInvoker().AsyncUnaryCall(Echo, default, Msg("hello \u00fcber"));
        var reply = await call;

        Assert.Equal("hello \u00fcber", reply.Text);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AsyncClientStreamingCall_ThreeMessages_ServerSeesAllInOrder(bool tls)
    {
        await using var server = await GrpcTestServer.StartAsync(tls);
        using var channel = server.CreateChannel();

        using var call = channel.CreateCallInvoker().AsyncClientStreamingCall(Collect, default);
        foreach (var text in new[] { "a", "b", "c" })
        {
            await call.RequestStream.WriteAsync(Msg(text));
        }

        await call.RequestStream.CompleteAsync();

        Assert.Equal("a,b,c", (await call.ResponseAsync).Text);
    }

    [Fact]
    public async Task AsyncClientStreamingCall_NoMessages_ServerSeesEmptyStream()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var channel = server.CreateChannel();

        using var call = channel.CreateCallInvoker().AsyncClientStreamingCall(Collect, default);
        await call.RequestStream.CompleteAsync();

        Assert.Equal("", (await call.ResponseAsync).Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AsyncServerStreamingCall_RepeatFive_ReceivesFiveThenOk(bool tls)
    {
        await using var server = await GrpcTestServer.StartAsync(tls);
        using var channel = server.CreateChannel();

        using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(Repeat, default, Msg("repeat:5:r"));
        var texts = new List<string>();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            texts.Add(message.Text);
        }

        Assert.Equal(["r-0", "r-1", "r-2", "r-3", "r-4"], texts);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AsyncDuplexStreamingCall_PingPong_EachReplyArrivesBeforeNextRequest(bool tls)
    {
        await using var server = await GrpcTestServer.StartAsync(tls);
        using var channel = server.CreateChannel();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(Chat, new CallOptions(cancellationToken: timeout.Token));
        for (var i = 0; i < 3; i++)
        {
            // Waiting for each reply before writing the next proves both sides flush every message.
            await call.RequestStream.WriteAsync(Msg($"m{i}"));
            Assert.True(await call.ResponseStream.MoveNext());
            Assert.Equal($"echo:m{i}", call.ResponseStream.Current.Text);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task AsyncUnaryCall_ManyConcurrentCallsOnOneChannel_AllSucceed()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var channel = server.CreateChannel();
        var invoker = channel.CreateCallInvoker();

        var replies = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i => (await invoker.AsyncUnaryCall(Echo, default, Msg($"n{i}"))).Text));

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"n{i}"), replies);
    }

    [Fact]
    public async Task Metadata_TextAndBinaryHeaders_RoundTripBothWays()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var channel = server.CreateChannel();
        var headers = new Metadata { { "x-a", "va" }, { "x-b-bin", new byte[] { 0, 1, 255 } } };

        using var call = channel.CreateCallInvoker().AsyncUnaryCall(Echo, new CallOptions(headers), Msg("headers"));
        var reply = await call;
        var responseHeaders = await call.ResponseHeadersAsync;

        Assert.Equal("x-a=va;x-b-bin=0001ff", reply.Text);
        Assert.Equal("1", responseHeaders.GetValue("x-resp"));
    }
}
