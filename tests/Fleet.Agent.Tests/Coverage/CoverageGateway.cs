using System.Collections.Concurrent;
using System.Net;
using Fleet.Agent.Tracks;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Services;
using Fleet.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Tests.Coverage;

/// <summary>A real gRPC AgentGateway on Kestrel answering GetRouteCoverage the way central does: every
/// cell whose centre lies within corridor_m of the route, checked against the device credentials; and
/// WatchAssignment as central streams it: the latest assignment at once, then each one <see cref="Push"/>ed.</summary>
internal sealed class CoverageGateway : AgentGatewayService.ServiceBase, IAsyncDisposable
{
    private readonly List<System.Threading.Channels.Channel<Assignment>> _watchers = [];
    private WebApplication? _app;
    private Assignment? _latest;

    public CoverageGateway(double cellSizeM, IReadOnlyList<CoverageCell> cells)
    {
        CellSizeM = cellSizeM;
        Cells = cells;
    }

    public double CellSizeM { get; }

    public IReadOnlyList<CoverageCell> Cells { get; }

    public Uri Address { get; private set; } = null!;

    public ConcurrentQueue<RouteCoverageRequest> Requests { get; } = new();

    public static async Task<CoverageGateway> StartAsync(double cellSizeM, IReadOnlyList<CoverageCell> cells)
    {
        var gateway = new CoverageGateway(cellSizeM, cells);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpcRuntime();
        var app = builder.Build();
        app.MapGrpcService(AgentGatewayService.BindService(gateway));
        await app.StartAsync();
        gateway._app = app;
        gateway.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return gateway;
    }

    /// <summary>Makes <paramref name="assignment"/> current and sends it down every open watch.</summary>
    public void Push(Assignment assignment)
    {
        lock (_watchers)
        {
            _latest = assignment;
            foreach (var watcher in _watchers)
                watcher.Writer.TryWrite(assignment);
        }
    }

    public override async Task WatchAssignment(WatchAssignmentRequest request, IServerStreamWriter<Assignment> responseStream, ServerCallContext context)
    {
        if (context.RequestHeaders.GetValue("authorization") != "Bearer s3cret")
            throw new RpcException(new Status(StatusCode.Unauthenticated, "who are you"));
        var mine = System.Threading.Channels.Channel.CreateUnbounded<Assignment>();
        lock (_watchers)
        {
            if (_latest is not null)
                mine.Writer.TryWrite(_latest);
            _watchers.Add(mine);
        }

        try
        {
            await foreach (var assignment in mine.Reader.ReadAllAsync(context.CancellationToken))
                await responseStream.WriteAsync(assignment, context.CancellationToken);
        }
        finally
        {
            lock (_watchers)
                _watchers.Remove(mine);
        }
    }

    public override Task<RouteCoverageResponse> GetRouteCoverage(RouteCoverageRequest request, ServerCallContext context)
    {
        if (context.RequestHeaders.GetValue("authorization") != "Bearer s3cret")
            throw new RpcException(new Status(StatusCode.Unauthenticated, "who are you"));
        Requests.Enqueue(request);
        var response = new RouteCoverageResponse { CellSizeM = CellSizeM };
        response.Cells.AddRange(Cells.Where(c => DistanceToRouteM(request, c.CenterLat, c.CenterLon) <= request.CorridorM));
        return Task.FromResult(response);
    }

    /// <summary>Distance from a point to the polyline, on a local flat projection (fine over a few km).</summary>
    private static double DistanceToRouteM(RouteCoverageRequest request, double lat, double lon)
    {
        var points = request.Route;
        if (points.Count == 1)
            return Geo.DistanceM(points[0].Lat, points[0].Lon, lat, lon);
        var best = double.MaxValue;
        var k = Math.Cos(double.DegreesToRadians(lat)) * 111_320;
        for (var i = 1; i < points.Count; i++)
        {
            var (ax, ay) = ((points[i - 1].Lon - lon) * k, (points[i - 1].Lat - lat) * 110_540);
            var (bx, by) = ((points[i].Lon - lon) * k, (points[i].Lat - lat) * 110_540);
            var (dx, dy) = (bx - ax, by - ay);
            var t = Math.Clamp(-((ax * dx) + (ay * dy)) / Math.Max(1e-9, (dx * dx) + (dy * dy)), 0, 1);
            best = Math.Min(best, Math.Sqrt(Math.Pow(ax + (t * dx), 2) + Math.Pow(ay + (t * dy), 2)));
        }
        return best;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
