using System.Diagnostics;
using Fleet.Grpc.Tests.Infrastructure;
using static Fleet.Grpc.Tests.Infrastructure.TestService;

namespace Fleet.Grpc.Tests.Client;

public sealed class DeadlineAndCancellationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AsyncUnaryCall_DeadlinePasses_DeadlineExceededAndServerTokenFires()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var channel = server.CreateChannel();
        var stopwatch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await channel.CreateCallInvoker().AsyncUnaryCall(Echo, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(1)), Msg("sleep:10000")));

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
        await server.Service.CancellationObserved.Task.WaitAsync(Patience);
        Assert.NotEqual(DateTime.MaxValue, server.Service.LastDeadline);
    }

    [Fact]
    public async Task ServerDeadline_ClientIgnoresItsOwnTimer_ServerSendsDeadlineExceeded()
    {
        // A client deadline far away locally but a short grpc-timeout on the wire isolates the server's handling.
        await using var server = await GrpcTestServer.StartAsync();
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        using var request = RawGrpc.CreateRequest(server.Address, Echo.FullName, RawGrpc.Frame(Msg("sleep:10000")));
        request.Headers.TryAddWithoutValidation("grpc-timeout", "200m");

        using var response = await http.SendAsync(request, new CancellationTokenSource(Patience).Token);
        var (status, _) = await RawGrpc.ReadStatusAsync(response);

        Assert.Equal(StatusCode.DeadlineExceeded, status);
        await server.Service.CancellationObserved.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task AsyncUnaryCall_DeadlineAlreadyPassed_FailsWithoutCallingServer()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var channel = server.CreateChannel();

        using var call = channel.CreateCallInvoker().AsyncUnaryCall(Echo, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(-1)), Msg("x"));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.Null(server.Service.LastRequestEncoding);
    }

    [Fact]
    public async Task AsyncServerStreamingCall_DeadlineWhileWaiting_DeadlineExceeded()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var channel = server.CreateChannel();

        using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(Repeat, new CallOptions(deadline: DateTime.UtcNow.AddMilliseconds(1500)), Msg("forever"));
        Assert.True(await call.ResponseStream.MoveNext());
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task AsyncServerStreamingCall_ClientDisposes_ServerSeesCancellation()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var channel = server.CreateChannel();

        var call = channel.CreateCallInvoker().AsyncServerStreamingCall(Repeat, default, Msg("forever"));
        Assert.True(await call.ResponseStream.MoveNext());
        call.Dispose();

        Assert.Equal(Repeat.FullName, await server.Service.CancellationObserved.Task.WaitAsync(Patience));
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }

    [Fact]
    public async Task AsyncUnaryCall_TokenCancelled_CancelledAndServerSeesIt()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var channel = server.CreateChannel();
        using var cts = new CancellationTokenSource();

        using var call = channel.CreateCallInvoker().AsyncUnaryCall(Echo, new CallOptions(cancellationToken: cts.Token), Msg("sleep:10000"));
        await server.Service.CallStarted.Task.WaitAsync(Patience);
        await cts.CancelAsync();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        await server.Service.CancellationObserved.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task AsyncClientStreamingCall_TokenCancelledMidStream_ServerReadSeesCancellation()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var channel = server.CreateChannel();
        using var cts = new CancellationTokenSource();

        using var call = channel.CreateCallInvoker().AsyncClientStreamingCall(Collect, new CallOptions(cancellationToken: cts.Token));
        await call.RequestStream.WriteAsync(Msg("a"));
        await server.Service.CallStarted.Task.WaitAsync(Patience);
        await cts.CancelAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.Equal("collect", await server.Service.CancellationObserved.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task AsyncClientStreamingCall_QuietLongerThanKestrelGracePeriod_StillCompletes()
    {
        // Kestrel's minimum request body data rate (240 B/s after a 5 s grace) aborts a stream that sends
        // nothing for longer; the runtime lifts it per call.
        await using var server = await GrpcTestServer.StartAsync();
        using var channel = server.CreateChannel();

        using var call = channel.CreateCallInvoker().AsyncClientStreamingCall(Collect, default);
        await call.RequestStream.WriteAsync(Msg("a"));
        await Task.Delay(TimeSpan.FromSeconds(7));
        await call.RequestStream.WriteAsync(Msg("b"));
        await call.RequestStream.CompleteAsync();

        Assert.Equal("a,b", (await call.ResponseAsync).Text);
    }

    [Fact]
    public async Task AsyncServerStreamingCall_ServerShutsDown_Unavailable()
    {
        var server = await GrpcTestServer.StartAsync();
        await using (server)
        {
            using var channel = server.CreateChannel();
            using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(Repeat, default, Msg("forever"));
            Assert.True(await call.ResponseStream.MoveNext());

            var stopping = server.DisposeAsync().AsTask();
            var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
            await stopping.WaitAsync(Patience);

            Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        }
    }
}
