using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Fleet.Agent.Telemetry;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Services;
using Fleet.Contracts.Telemetry;
using Fleet.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Tests.Reliability;

/// <summary>
/// Central as far as the reliability tests care: a real gRPC AgentGateway on 127.0.0.1 that stores each batch
/// once by its id (the idempotency central promises) and counts re-sent ids. Starts on a port chosen up
/// front so an agent can be pointed at it while it is down.
/// </summary>
internal sealed class StandInCentral : AgentGatewayService.ServiceBase, IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, TelemetryBatch> _stored = new(StringComparer.Ordinal);
    private readonly List<string> _arrivalOrder = [];
    private WebApplication? _app;

    public StandInCentral(int port) => Port = port;

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>Uploads of an id already stored (answered duplicate=true, not stored again).</summary>
    public int DuplicateUploads { get; private set; }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, Port, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpcRuntime();
        var app = builder.Build();
        app.MapGrpcService(AgentGatewayService.BindService(this));
        await app.StartAsync();
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await app.StopAsync(cts.Token);
            await app.DisposeAsync();
        }
    }

    public override Task<UploadBatchResponse> UploadBatch(TelemetryBatch request, ServerCallContext context)
    {
        lock (_gate)
        {
            var duplicate = !_stored.TryAdd(request.BatchId, request);
            if (duplicate)
            {
                DuplicateUploads++;
            }
            else
            {
                _arrivalOrder.Add(request.BatchId);
            }

            return Task.FromResult(new UploadBatchResponse { BatchId = request.BatchId, Duplicate = duplicate });
        }
    }

    public IReadOnlyList<TelemetryBatch> StoredInArrivalOrder()
    {
        lock (_gate)
        {
            return _arrivalOrder.Select(id => _stored[id]).ToList();
        }
    }

    public int StoredCount
    {
        get
        {
            lock (_gate)
            {
                return _stored.Count;
            }
        }
    }

    /// <summary>Every sample id (DiskFreeMb of the health samples) in the stored batches, with repeats.</summary>
    public List<long> StoredSampleIds() =>
        StoredInArrivalOrder().SelectMany(b => BatchDecoder.Decode(b).Health).Select(h => (long)h.DiskFreeMb).ToList();

    public async ValueTask DisposeAsync() => await StopAsync();
}
