using System.Text;
using Fleet.Grpc.Tests.Infrastructure;
using static Fleet.Grpc.Tests.Infrastructure.TestService;

namespace Fleet.Grpc.Tests.Client;

/// <summary>Error statuses, trailers and UNIMPLEMENTED, our client against our server.</summary>
public sealed class StatusTests
{
    [Fact]
    public async Task AsyncUnaryCall_HandlerThrowsRpcException_ClientGetsCodeDetailAndTrailers()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var channel = server.CreateChannel();

        using var call = channel.CreateCallInvoker().AsyncUnaryCall(Echo, default, Msg("fail:9:n\u00f6t ready 100%"));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Equal("n\u00f6t ready 100%", ex.Status.Detail);
        Assert.Equal("csharp", ex.Trailers.GetValue("x-trailer"));
        Assert.Equal(Encoding.UTF8.GetBytes("\u00fc"), ex.Trailers.GetValueBytes("x-trailer-bin"));
        Assert.Equal(ex.Status, call.GetStatus());
    }

    [Fact]
    public async Task AsyncUnaryCall_HandlerThrowsOtherException_UnknownWithoutInternals()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var channel = server.CreateChannel();

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await channel.CreateCallInvoker().AsyncUnaryCall(Echo, default, Msg("throw")));

        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.Equal("Exception was thrown by handler.", ex.Status.Detail);
    }

    [Fact]
    public async Task AsyncUnaryCall_DetailedErrorsEnabled_DetailNamesException()
    {
        await using var server = await GrpcTestServer.StartAsync(configure: o => o.EnableDetailedErrors = true);
        using var channel = server.CreateChannel();

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await channel.CreateCallInvoker().AsyncUnaryCall(Echo, default, Msg("throw")));

        Assert.Contains("InvalidOperationException: secret internals", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AsyncUnaryCall_HandlerSetsStatus_ClientGetsItWithTrailers()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var channel = server.CreateChannel();

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await channel.CreateCallInvoker().AsyncUnaryCall(Echo, default, Msg("status")));

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("yes", ex.Trailers.GetValue("x-set"));
    }

    [Fact]
    public async Task AsyncServerStreamingCall_ErrorAfterMessages_MessagesThenStatusFromTrailers()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var channel = server.CreateChannel();

        using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(Repeat, default, Msg("repeatfail:2:10:aborted late"));
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.True(await call.ResponseStream.MoveNext());
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.Aborted, ex.StatusCode);
        Assert.Equal("aborted late", ex.Status.Detail);
        Assert.Equal("m-1", call.ResponseStream.Current.Text);
    }

    [Fact]
    public async Task AsyncDuplexStreamingCall_ErrorMidStream_StatusSurfacesOnRead()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var channel = server.CreateChannel();

        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(Chat, default);
        await call.RequestStream.WriteAsync(Msg("ok"));
        Assert.True(await call.ResponseStream.MoveNext());
        await call.RequestStream.WriteAsync(Msg("fail:7:go away"));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(Msg("too late")));
    }

    [Fact]
    public async Task AsyncUnaryCall_UnknownMethod_Unimplemented()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var channel = server.CreateChannel();

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await channel.CreateCallInvoker().AsyncUnaryCall(Missing, default, Msg("x")));

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public async Task AsyncUnaryCall_UnknownService_Unimplemented()
    {
        await using var server = await GrpcTestServer.StartAsync();
        using var channel = server.CreateChannel();
        var method = new Method<Proto.TestMessage, Proto.TestMessage>(MethodType.Unary, "no.such.Service", "Echo");

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await channel.CreateCallInvoker().AsyncUnaryCall(method, default, Msg("x")));

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public async Task AsyncUnaryCall_NothingListening_Unavailable()
    {
        int port;
        await using (var server = await GrpcTestServer.StartAsync())
        {
            port = server.Port;
        }

        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(Echo, default, Msg("x"));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        await Assert.ThrowsAsync<RpcException>(() => call.ResponseHeadersAsync);
    }
}
