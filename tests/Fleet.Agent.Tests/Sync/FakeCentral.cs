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

    /// <summary>Uploads to fail with UNAVAILABLE before accepting again.</summary>
    public int FailNextUploads { get; set; }

    /// <summary>Answer every upload with duplicate=true (as if stored before).</summary>
    public bool AnswerDuplicate { get; set; }

    public string ValidToken { get; set; } = "good-token";

    public ConcurrentQueue<TelemetryBatch> Received { get; } = new();

    public ConcurrentQueue<(string? DeviceId, string? Authorization)> UploadHeaders { get; } = new();

    public ConcurrentQueue<EnrollRequest> Enrollments { get; } = new();

    public int UploadAttempts;

    /// <summary>Called while an upload is being answered (before the answer is sent).</summary>
    public Func<TelemetryBatch, Task>? OnUpload { get; set; }

    public static async Task<FakeCentral> StartAsync()
    {
        var central = new FakeCentral();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpcRuntime();
        var app = builder.Build();
        app.MapGrpcService(AgentGatewayService.BindService(central));
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        central._app = app;
        central.Address = new Uri($"http://127.0.0.1:{port}");
        return central;
    }

    public override Task<EnrollResponse> Enroll(EnrollRequest request, ServerCallContext context)
    {
        Enrollments.Enqueue(request);
        if (request.EnrollmentToken != ValidToken)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "enrollment token is unknown or used"));
        }

        return Task.FromResult(new EnrollResponse { DeviceId = "dev-1", DeviceSecret = "s3cret", VehicleId = "veh-1", VehicleName = "Bus 12" });
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
