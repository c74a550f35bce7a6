using Fleet.Grpc.Tests.Infrastructure;
using static Fleet.Grpc.Tests.Infrastructure.TestService;

namespace Fleet.Grpc.Tests.Interop;

/// <summary>Our client against Debian's python3-grpcio server (interop_server.py), over h2c and TLS.</summary>
public sealed class PythonServerInteropTests(PythonServerFixture python) : IClassFixture<PythonServerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Unary_Echo_ReturnsText(bool tls)
    {
        using var channel = python.CreateChannel(tls);

        var reply = await channel.CreateCallInvoker().AsyncUnaryCall(Echo, Within(), Msg("hello \u00fcber"));

        Assert.Equal("hello \u00fcber", reply.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Unary_TextAndBinaryMetadata_SeenByPython(bool tls)
    {
        using var channel = python.CreateChannel(tls);
        var headers = new Metadata { { "x-a", "va" }, { "x-b-bin", new byte[] { 0, 1, 255 } } };

        var reply = await channel.CreateCallInvoker().AsyncUnaryCall(Echo, Within().WithHeaders(headers), Msg("headers"));

        Assert.Equal("x-a=va;x-b-bin=0001ff", reply.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ClientStreaming_ThreeMessages_Collected(bool tls)
    {
        using var channel = python.CreateChannel(tls);

        using var call = channel.CreateCallInvoker().AsyncClientStreamingCall(Collect, Within());
        foreach (var text in new[] { "a", "b", "c" })
        {
            await call.RequestStream.WriteAsync(Msg(text));
        }

        await call.RequestStream.CompleteAsync();

        Assert.Equal("a,b,c", (await call.ResponseAsync).Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ServerStreaming_RepeatThree_ReceivesThree(bool tls)
    {
        using var channel = python.CreateChannel(tls);

        using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(Repeat, Within(), Msg("repeat:3:p"));
        var texts = new List<string>();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            texts.Add(message.Text);
        }

        Assert.Equal(["p-0", "p-1", "p-2"], texts);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Bidi_PingPong_EchoesEachInTurn(bool tls)
    {
        using var channel = python.CreateChannel(tls);

        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(Chat, Within());
        for (var i = 0; i < 3; i++)
        {
            await call.RequestStream.WriteAsync(Msg($"q{i}"));
            Assert.True(await call.ResponseStream.MoveNext());
            Assert.Equal($"echo:q{i}", call.ResponseStream.Current.Text);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Unary_PythonAborts_StatusDetailAndTrailers(bool tls)
    {
        using var channel = python.CreateChannel(tls);

        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await channel.CreateCallInvoker().AsyncUnaryCall(Echo, Within(), Msg("fail:5:n\u00f6t found 100%")));

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("n\u00f6t found 100%", ex.Status.Detail);
        Assert.Equal("python", ex.Trailers.GetValue("x-trailer"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Unary_DeadlinePasses_DeadlineExceeded(bool tls)
    {
        using var channel = python.CreateChannel(tls);

        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await channel.CreateCallInvoker().AsyncUnaryCall(Echo, new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(300)), Msg("sleep:5000")));

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Unary_UnknownMethod_Unimplemented(bool tls)
    {
        using var channel = python.CreateChannel(tls);

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await channel.CreateCallInvoker().AsyncUnaryCall(Missing, Within(), Msg("x")));

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Unary_GzipRequest_PythonDecompresses(bool tls)
    {
        using var channel = python.CreateChannel(tls, new GrpcChannelOptions { CompressionEncoding = "gzip" });
        var text = string.Concat(Enumerable.Repeat("squeeze ", 200));

        var reply = await channel.CreateCallInvoker().AsyncUnaryCall(Echo, Within(), Msg(text));

        Assert.Equal(text, reply.Text);
    }

    [Fact]
    public async Task Unary_ResponseOverClientLimit_ResourceExhausted()
    {
        using var channel = python.CreateChannel(tls: false);

        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await channel.CreateCallInvoker().AsyncUnaryCall(Echo, Within(), Msg($"big:{5 * 1024 * 1024}")));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    private static CallOptions Within() => new(deadline: DateTime.UtcNow + Patience);
}
