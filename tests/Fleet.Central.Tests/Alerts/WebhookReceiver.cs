using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Fleet.Central.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fleet.Central.Tests.Alerts;

/// <summary>A real HTTP endpoint on 127.0.0.1 that records webhook calls and checks each signature with
/// its own HMAC code (not the product's verifier).</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public required string Secret { get; init; }

    /// <summary>Status every call is answered with.</summary>
    public int StatusCode { get; set; } = 200;

    public ConcurrentQueue<ReceivedCall> Calls { get; } = new();

    public static async Task<WebhookReceiver> StartAsync(string secret)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, new Uri($"http://127.0.0.1:{port}/hooks/fleet")) { Secret = secret };
        app.MapPost("/hooks/fleet", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var header = context.Request.Headers["X-Fleet-Signature"].ToString();
            receiver.Calls.Enqueue(new ReceivedCall(DateTimeOffset.UtcNow, header, body, SignatureValid(header, secret, body, out var t), t));
            return Results.StatusCode(receiver.StatusCode);
        });
        await app.StartAsync();
        return receiver;
    }

    public async Task<ReceivedCall> WaitForAsync(Func<ReceivedCall, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var hit = Calls.FirstOrDefault(match);
            if (hit is not null)
                return hit;
            await Task.Delay(50);
        }
        throw new TimeoutException($"no matching webhook call within {timeout}; got {Calls.Count}: {string.Join(" | ", Calls.Select(c => c.Body))}");
    }

    private static bool SignatureValid(string header, string secret, string body, out long timestamp)
    {
        timestamp = 0;
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !long.TryParse(t, out timestamp) || !parts.TryGetValue("v1", out var v1))
            return false;
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{t}.{body}"))).ToLowerInvariant();
        return expected == v1;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedCall(DateTimeOffset At, string Signature, string Body, bool SignatureValid, long SignedAt);
