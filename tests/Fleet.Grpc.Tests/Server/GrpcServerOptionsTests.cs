using Fleet.Grpc.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Fleet.Grpc.Tests.Server;

public sealed class GrpcServerOptionsTests
{
    [Fact]
    public async Task AddGrpcRuntime_InvalidOptions_HostFailsToStart()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => GrpcTestServer.StartAsync(configure: o =>
        {
            o.MaxReceiveMessageSize = 0;
            o.ResponseCompression = "br";
        }));

        Assert.Contains(ex.Failures, f => f.Contains("MaxReceiveMessageSize", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("ResponseCompression", StringComparison.Ordinal));
    }

    [Fact]
    public void MapGrpcService_WithoutAddGrpcRuntime_ClearError()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        using var app = builder.Build();

        var ex = Assert.Throws<InvalidOperationException>(() => app.MapGrpcService(TestService.Bind(new TestServiceImpl())));

        Assert.Contains("AddGrpcRuntime", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddMethod_HandlerKindDoesNotMatchMethodType_Throws()
    {
        var builder = ServerServiceDefinition.CreateBuilder();

        Assert.Throws<ArgumentException>(() => builder.AddMethod(TestService.Repeat, (UnaryServerMethod<Proto.TestMessage, Proto.TestMessage>)((r, _) => Task.FromResult(r))));
    }
}
