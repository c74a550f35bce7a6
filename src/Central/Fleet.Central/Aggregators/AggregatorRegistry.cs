using Fleet.Central.Assignments;
using Fleet.Central.Common;
using Fleet.Central.Data;
using Fleet.Central.Data.Entities;
using Fleet.Central.Hosting;
using Fleet.Central.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fleet.Central.Aggregators;

/// <summary>Registration, heartbeats and liveness of aggregation servers.</summary>
public sealed partial class AggregatorRegistry(
    IDbContextFactory<FleetDbContext> contexts,
    IOptions<CentralOptions> central,
    IOptions<AggregatorOptions> options,
    AssignmentChanges assignmentChanges,
    TimeProvider time,
    ILogger<AggregatorRegistry> logger)
{
    public const string ServerTokenPrefix = "fst_";

    public async Task<Outcome<RegisteredServer>> RegisterAsync(
        string? authorization, ServerRegistration registration, CancellationToken cancellationToken)
    {
        var configuredKey = central.Value.AggregatorRegistrationKey;
        if (string.IsNullOrEmpty(configuredKey))
            return Failure.PermissionDenied("aggregation server registration is disabled (Central:AggregatorRegistrationKey is empty)");
        var presented = Secrets.ParseBearer(authorization);
        if (presented is null || !Secrets.KeyEquals(presented, configuredKey))
            return Failure.Unauthenticated("registration key missing or not recognised");
        var invalid = Validate(registration);
        if (invalid is not null)
            return invalid;

        var now = time.GetUtcNow();
        var token = Secrets.Generate(ServerTokenPrefix);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Re-registration under the same name keeps the server id (vehicles stay assigned) and rotates the token.
        var server = await db.AggregationServers.SingleOrDefaultAsync(s => s.Name == registration.Name, cancellationToken);
        if (server is null)
        {
            server = new AggregationServer
            {
                Id = Guid.CreateVersion7(now),
                Name = registration.Name,
                Region = registration.Region,
                Endpoints = [.. registration.Endpoints],
                PublicKey = registration.PublicKey,
                TokenHash = Secrets.Hash(token),
                Version = registration.Version,
                RegisteredAt = now,
            };
            db.AggregationServers.Add(server);
        }
        server.Region = registration.Region;
        server.Endpoints = [.. registration.Endpoints];
        server.PublicKey = registration.PublicKey;
        server.TokenHash = Secrets.Hash(token);
        server.Version = registration.Version;
        server.CapacitySessions = (int)Math.Min(registration.CapacitySessions, int.MaxValue);
        server.CapacityMbps = (long)Math.Min(registration.CapacityMbps, long.MaxValue);
        server.Draining = false;
        server.LastHeartbeatAt = now;
        await db.SaveChangesAsync(cancellationToken);

        assignmentChanges.NotifyChanged();
        LogRegistered(logger, server.Name, server.Id, string.Join(",", server.Endpoints));
        return new RegisteredServer(server.Id, token, options.Value.HeartbeatIntervalMs);
    }

    /// <summary>Resolves a server token; the id in the request (if any) must match it.</summary>
    public async Task<Outcome<Guid>> AuthenticateAsync(string? authorization, string? claimedServerId, CancellationToken cancellationToken)
    {
        var token = Secrets.ParseBearer(authorization);
        if (token is null)
            return Failure.Unauthenticated("missing 'authorization: Bearer <server token>' metadata: register first");
        var hash = Secrets.Hash(token);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var id = await db.AggregationServers.Where(s => s.TokenHash == hash).Select(s => (Guid?)s.Id)
            .SingleOrDefaultAsync(cancellationToken);
        if (id is null)
            return Failure.Unauthenticated("server token not recognised: register again");
        if (!string.IsNullOrEmpty(claimedServerId) && (!Guid.TryParse(claimedServerId, out var claimed) || claimed != id))
            return Failure.PermissionDenied("server_id does not match the server token");
        return id.Value;
    }

    public async Task<Outcome<bool>> HeartbeatAsync(ServerHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        if (!double.IsFinite(heartbeat.CpuLoad) || heartbeat.CpuLoad < 0)
            return Failure.Invalid("cpu_load must be a finite number >= 0");
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var server = await db.AggregationServers.SingleOrDefaultAsync(s => s.Id == heartbeat.ServerId, cancellationToken);
        if (server is null)
            return Failure.NotFound("server not registered");
        var wasLive = now - server.LastHeartbeatAt <= options.Value.LivenessTimeout;
        var wasOverloaded = options.Value.IsOverloaded(server.ActiveSessions, server.CapacitySessions);
        server.ActiveSessions = (int)Math.Min(heartbeat.ActiveSessions, int.MaxValue);
        server.CpuLoad = heartbeat.CpuLoad;
        server.RxBps = (long)Math.Min(heartbeat.RxBps, long.MaxValue);
        server.TxBps = (long)Math.Min(heartbeat.TxBps, long.MaxValue);
        server.LastHeartbeatAt = now;
        await db.SaveChangesAsync(cancellationToken);
        var overloaded = options.Value.IsOverloaded(server.ActiveSessions, server.CapacitySessions);
        if (!wasLive || overloaded != wasOverloaded)
            assignmentChanges.NotifyChanged();
        // An overloaded server is asked to drain: take no new sessions while vehicles are moved off it.
        return server.Draining || overloaded;
    }

    /// <summary>Servers with a recent heartbeat that are not draining, least loaded first.</summary>
    public async Task<IReadOnlyList<LiveServer>> GetLiveServersAsync(CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow() - options.Value.LivenessTimeout;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.AggregationServers.AsNoTracking()
            .Where(s => s.LastHeartbeatAt >= since && !s.Draining)
            .OrderBy(s => s.Name)
            .ToListAsync(cancellationToken);
        return rows
            .Select(s => new LiveServer(s.Id, s.Name, s.Region, s.Endpoints, s.PublicKey, s.CapacitySessions, s.ActiveSessions, s.CpuLoad))
            .OrderBy(s => s.Load).ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Every registered server with its liveness, drain and overload state.</summary>
    public async Task<IReadOnlyList<ServerState>> GetServerStatesAsync(CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow() - options.Value.LivenessTimeout;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.AggregationServers.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        return rows
            .Select(s => new ServerState(
                new LiveServer(s.Id, s.Name, s.Region, s.Endpoints, s.PublicKey, s.CapacitySessions, s.ActiveSessions, s.CpuLoad),
                Live: s.LastHeartbeatAt >= since,
                s.Draining,
                Overloaded: options.Value.IsOverloaded(s.ActiveSessions, s.CapacitySessions)))
            .ToList();
    }

    private static Failure? Validate(ServerRegistration registration)
    {
        if (string.IsNullOrWhiteSpace(registration.Name) || registration.Name.Length > 200)
            return Failure.Invalid("name is required (at most 200 characters)");
        if (registration.Region.Length > 100 || registration.Version.Length > 100)
            return Failure.Invalid("region and version must be at most 100 characters");
        if (registration.Endpoints.Count == 0)
            return Failure.Invalid("at least one tunnel endpoint (host:port) is required");
        foreach (var endpoint in registration.Endpoints)
        {
            var colon = endpoint.LastIndexOf(':');
            if (colon <= 0 || !ushort.TryParse(endpoint.AsSpan(colon + 1), out var port) || port == 0)
                return Failure.Invalid($"endpoint '{endpoint}' is not host:port");
        }
        if (registration.PublicKey.Length > 1024)
            return Failure.Invalid("public_key is longer than 1024 bytes");
        return null;
    }
}
