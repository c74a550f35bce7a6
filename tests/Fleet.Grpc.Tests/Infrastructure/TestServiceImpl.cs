using System.Globalization;
using System.Text;
using Fleet.Grpc.Tests.Proto;

namespace Fleet.Grpc.Tests.Infrastructure;

/// <summary>
/// The C# side of fleet.test.TestService; understands the same text commands as Interop/interop_server.py
/// and records what it saw so tests can assert on the server's view of a call.
/// </summary>
internal sealed class TestServiceImpl
{
    /// <summary>Completes when a handler observes its CancellationToken firing (client cancel or deadline).</summary>
    public TaskCompletionSource<string> CancellationObserved { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a handler starts, so tests can cancel a call the server has really begun.</summary>
    public TaskCompletionSource<string> CallStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string? LastRequestEncoding { get; private set; }

    public DateTime LastDeadline { get; private set; }

    public async Task<TestMessage> Echo(TestMessage request, ServerCallContext context)
    {
        Observe(context);
        var text = request.Text;
        FailIfAsked(text, context);
        if (text == "throw")
        {
            throw new InvalidOperationException("secret internals");
        }

        if (text.StartsWith("sleep:", StringComparison.Ordinal))
        {
            await SleepAsync(int.Parse(text[6..], CultureInfo.InvariantCulture), context).ConfigureAwait(false);
            return TestService.Msg("slept");
        }

        if (text == "headers")
        {
            await context.WriteResponseHeadersAsync(new Metadata { { "x-resp", "1" } }).ConfigureAwait(false);
            var binary = context.RequestHeaders.GetValueBytes("x-b-bin") ?? [];
            return TestService.Msg($"x-a={context.RequestHeaders.GetValue("x-a")};x-b-bin={Convert.ToHexString(binary).ToLowerInvariant()}");
        }

        if (text.StartsWith("big:", StringComparison.Ordinal))
        {
            return TestService.Msg(new string('x', int.Parse(text[4..], CultureInfo.InvariantCulture)));
        }

        if (text == "status")
        {
            // A handler may also choose the status without throwing.
            context.Status = new Status(StatusCode.NotFound, "no such thing");
            context.ResponseTrailers.Add("x-set", "yes");
            return TestService.Msg("ignored");
        }

        return request;
    }

    public async Task<TestMessage> Collect(IAsyncStreamReader<TestMessage> requests, ServerCallContext context)
    {
        Observe(context);
        var texts = new List<string>();
        try
        {
            await foreach (var request in requests.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
            {
                FailIfAsked(request.Text, context);
                texts.Add(request.Text);
            }
        }
        catch (OperationCanceledException)
        {
            CancellationObserved.TrySetResult("collect");
            throw;
        }

        return TestService.Msg(string.Join(',', texts));
    }

    public async Task Repeat(TestMessage request, IServerStreamWriter<TestMessage> responses, ServerCallContext context)
    {
        Observe(context);
        FailIfAsked(request.Text, context);
        if (request.Text == "forever")
        {
            await responses.WriteAsync(TestService.Msg("first")).ConfigureAwait(false);
            await SleepAsync(Timeout.Infinite, context).ConfigureAwait(false);
            return;
        }

        // "repeat:<n>:<text>" or "repeatfail:<n>:<code>:<detail>" (n messages, then that status).
        var parts = request.Text.Split(':', 4);
        var count = int.Parse(parts[1], CultureInfo.InvariantCulture);
        for (var i = 0; i < count; i++)
        {
            await responses.WriteAsync(TestService.Msg(parts[0] == "repeat" ? $"{parts[2]}-{i}" : $"m-{i}")).ConfigureAwait(false);
        }

        if (parts[0] == "repeatfail")
        {
            throw new RpcException(new Status((StatusCode)int.Parse(parts[2], CultureInfo.InvariantCulture), parts[3]));
        }
    }

    public async Task Chat(IAsyncStreamReader<TestMessage> requests, IServerStreamWriter<TestMessage> responses, ServerCallContext context)
    {
        Observe(context);
        while (await requests.MoveNext().ConfigureAwait(false))
        {
            FailIfAsked(requests.Current.Text, context);
            await responses.WriteAsync(TestService.Msg("echo:" + requests.Current.Text)).ConfigureAwait(false);
        }
    }

    private void Observe(ServerCallContext context)
    {
        LastRequestEncoding = context.GetHttpContext().Request.Headers["grpc-encoding"].ToString();
        LastDeadline = context.Deadline;
        CallStarted.TrySetResult(context.Method);
    }

    private async Task SleepAsync(int milliseconds, ServerCallContext context)
    {
        try
        {
            await Task.Delay(milliseconds, context.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            CancellationObserved.TrySetResult(context.Method);
            throw;
        }
    }

    private static void FailIfAsked(string text, ServerCallContext context)
    {
        if (!text.StartsWith("fail:", StringComparison.Ordinal))
        {
            return;
        }

        var parts = text.Split(':', 3);
        var trailers = new Metadata { { "x-trailer", "csharp" }, { "x-trailer-bin", Encoding.UTF8.GetBytes("\u00fc") } };
        _ = context;
        throw new RpcException(new Status((StatusCode)int.Parse(parts[1], CultureInfo.InvariantCulture), parts[2]), trailers);
    }
}
