using System.Collections.Concurrent;
using System.Net;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Services;
using Fleet.Contracts.Telemetry;
using Fleet.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Tests.Sync;

/// <summary>
/// A real gRPC AgentGateway on Kestrel (127.0.0.1, free port) built with Fleet.Grpc, with scriptable
/// behaviour: fail the next N uploads, answer duplicates, refuse tokens, push assignments.
/// </summary>
internal sealed class FakeCentral : AgentGatewayService.ServiceBase, IAsyncDisposable
{
    private WebApplication? _app;

    public Uri Address { get; private set; } = null!;

    /// <summary>HTTP/1.1 address of the admin REST API (enrollment tokens).</summary>
    public Uri AdminAddress { get; private set; } = null!;

    public const string AdminKey = "admin-key-1";

    public ConcurrentQueue<string> TokensIssued { get; } = new();

    /// <summary>Uploads to fail with UNAVAILABLE before accepting again.</summary>
    public int FailNextUploads { get; set; }

    /// <summary>Answer every upload with duplicate=true (as if stored before).</summary>
    public bool AnswerDuplicate { get; set; }

    public string ValidToken { get; set; } = "good-token";

    public ConcurrentQueue<TelemetryBatch> Received { get; } = new();

    public ConcurrentQueue<(string? DeviceId, string? Authorization)> UploadHeaders { get; } = new();

    public ConcurrentQueue<EnrollRequest> Enrollments { get; } = new();

    private int _enrollAttempts;

    public int UploadAttempts;

    /// <summary>Called while an upload is being answered (before the answer is sent).</summary>
    public Func<TelemetryBatch, Task>? OnUpload { get; set; }

    public static async Task<FakeCentral> StartAsync()
    {
        var central = new FakeCentral();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2);
            k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddGrpcRuntime();
        var app = builder.Build();
        app.MapGrpcService(AgentGatewayService.BindService(central));
        app.MapPost("/api/admin/enrollment-tokens", (HttpContext http, TokenRequest body) =>
        {
            if (http.Request.Headers.Authorization != "Bearer " + AdminKey)
            {
                return Results.Unauthorized();
            }

            // Every issued token enrolls once; the fake accepts any token it issued.
            var token = $"tok-{body.VehicleName}-{Guid.NewGuid():N}";
            central.TokensIssued.Enqueue(token);
            return Results.Json(new { token });
        });
        await app.StartAsync();
        var ports = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a).Port).ToList();
        central._app = app;
        central.Address = new Uri($"http://127.0.0.1:{ports[0]}");
        central.AdminAddress = new Uri($"http://127.0.0.1:{ports[1]}");
        return central;
    }

    public override Task<EnrollResponse> Enroll(EnrollRequest request, ServerCallContext context)
    {
        // Numbered by attempt, atomically: two vehicles enrolling at once read the same queue count and got the
        // same device id, so one vehicle's uploads looked like the other's.
        var n = Interlocked.Increment(ref _enrollAttempts);
        Enrollments.Enqueue(request);
        if (request.EnrollmentToken != ValidToken && !TokensIssued.Contains(request.EnrollmentToken))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "enrollment token is unknown or used"));
        }

        return Task.FromResult(new EnrollResponse { DeviceId = n == 1 ? "dev-1" : $"dev-{n}", DeviceSecret = "s3cret", VehicleId = $"veh-{n}", VehicleName = "Bus 12", TunnelAddress = $"100.64.0.{n}/32" });
    }

    /// <summary>Assignments each WatchAssignment call sends, one list per call; the call then ends.</summary>
    public ConcurrentQueue<Assignment[]> AssignmentScripts { get; } = new();

    public int WatchCalls;

    public override async Task WatchAssignment(WatchAssignmentRequest request, IServerStreamWriter<Assignment> responseStream, ServerCallContext context)
    {
        Interlocked.Increment(ref WatchCalls);
        if (!AssignmentScripts.TryDequeue(out var script))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "no assignment yet"));
        }

        foreach (var a in script)
        {
            await responseStream.WriteAsync(a);
        }
    }

    public override async Task<UploadBatchResponse> UploadBatch(TelemetryBatch request, ServerCallContext context)
    {
        Interlocked.Increment(ref UploadAttempts);
        UploadHeaders.Enqueue((context.RequestHeaders.GetValue("x-fleet-device-id"), context.RequestHeaders.GetValue("authorization")));
        if (OnUpload is { } hook)
        {
            await hook(request);
        }

        if (FailNextUploads > 0)
        {
            FailNextUploads--;
            throw new RpcException(new Status(StatusCode.Unavailable, "database is restarting"));
        }

        Received.Enqueue(request);
        return new UploadBatchResponse { BatchId = request.BatchId, Duplicate = AnswerDuplicate, PositionsStored = (uint)(request.Positions?.TimeDeltaMs.Count ?? 0) };
    }

    public sealed record TokenRequest(string VehicleName);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _app.StopAsync(cts.Token);
            await _app.DisposeAsync();
        }
    }
}
