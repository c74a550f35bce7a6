namespace Fleet.Grpc;

/// <summary>The request side of a client- or duplex-streaming call; CompleteAsync ends the request stream.</summary>
public interface IClientStreamWriter<in T> : IServerStreamWriter<T>
{
    Task CompleteAsync();
}
