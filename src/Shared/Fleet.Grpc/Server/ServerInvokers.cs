namespace Fleet.Grpc.Server;

/// <summary>Adapts each handler kind to the common stream-in/stream-out shape.</summary>
internal static class ServerInvokers
{
    public static async Task UnaryAsync<TRequest, TResponse>(UnaryServerMethod<TRequest, TResponse> handler, HttpServerCallContext call, IAsyncStreamReader<TRequest> requests, IServerStreamWriter<TResponse> responses)
    {
        var request = await ReadSingleAsync(requests).ConfigureAwait(false);
        var response = await handler(request, call).ConfigureAwait(false);
        await WriteSingleAsync(call, responses, response).ConfigureAwait(false);
    }

    public static async Task ClientStreamingAsync<TRequest, TResponse>(ClientStreamingServerMethod<TRequest, TResponse> handler, HttpServerCallContext call, IAsyncStreamReader<TRequest> requests, IServerStreamWriter<TResponse> responses)
    {
        var response = await handler(requests, call).ConfigureAwait(false);
        await WriteSingleAsync(call, responses, response).ConfigureAwait(false);
    }

    public static async Task ServerStreamingAsync<TRequest, TResponse>(ServerStreamingServerMethod<TRequest, TResponse> handler, HttpServerCallContext call, IAsyncStreamReader<TRequest> requests, IServerStreamWriter<TResponse> responses)
    {
        var request = await ReadSingleAsync(requests).ConfigureAwait(false);
        await handler(request, responses, call).ConfigureAwait(false);
    }

    private static async Task<TRequest> ReadSingleAsync<TRequest>(IAsyncStreamReader<TRequest> requests)
    {
        if (!await requests.MoveNext().ConfigureAwait(false))
        {
            throw new RpcException(new Status(StatusCode.Internal, "Incomplete request: no request message was received."));
        }

        var request = requests.Current;
        if (await requests.MoveNext().ConfigureAwait(false))
        {
            throw new RpcException(new Status(StatusCode.Internal, "Expected one request message but received more."));
        }

        return request;
    }

    private static Task WriteSingleAsync<TResponse>(HttpServerCallContext call, IServerStreamWriter<TResponse> responses, TResponse response)
    {
        if (call.Status.StatusCode != StatusCode.OK)
        {
            // The handler chose an error status; a response message would contradict it.
            return Task.CompletedTask;
        }

        return response is null
            ? throw new RpcException(new Status(StatusCode.Internal, "The handler returned no response message."))
            : responses.WriteAsync(response);
    }
}
