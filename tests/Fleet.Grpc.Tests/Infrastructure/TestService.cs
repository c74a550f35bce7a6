using Fleet.Grpc.Tests.Proto;

namespace Fleet.Grpc.Tests.Infrastructure;

/// <summary>Method descriptors of fleet.test.TestService (test_service.proto).</summary>
internal static class TestService
{
    public const string ServiceName = "fleet.test.TestService";

    public static readonly Method<TestMessage, TestMessage> Echo = new(MethodType.Unary, ServiceName, "Echo");
    public static readonly Method<TestMessage, TestMessage> Collect = new(MethodType.ClientStreaming, ServiceName, "Collect");
    public static readonly Method<TestMessage, TestMessage> Repeat = new(MethodType.ServerStreaming, ServiceName, "Repeat");
    public static readonly Method<TestMessage, TestMessage> Chat = new(MethodType.DuplexStreaming, ServiceName, "Chat");

    /// <summary>A method no server binds, for UNIMPLEMENTED tests.</summary>
    public static readonly Method<TestMessage, TestMessage> Missing = new(MethodType.Unary, ServiceName, "Nope");

    public static ServerServiceDefinition Bind(TestServiceImpl impl) =>
        ServerServiceDefinition.CreateBuilder()
            .AddMethod(Echo, (UnaryServerMethod<TestMessage, TestMessage>)impl.Echo)
            .AddMethod(Collect, (ClientStreamingServerMethod<TestMessage, TestMessage>)impl.Collect)
            .AddMethod(Repeat, (ServerStreamingServerMethod<TestMessage, TestMessage>)impl.Repeat)
            .AddMethod(Chat, (DuplexStreamingServerMethod<TestMessage, TestMessage>)impl.Chat)
            .Build();

    public static TestMessage Msg(string text) => new() { Text = text };
}
