using Fleet.Central.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Fleet.Central.Data;

public sealed class FleetDbContext(DbContextOptions<FleetDbContext> options) : DbContext(options)
{
    public DbSet<Vehicle> Vehicles => Set<Vehicle>();
    public DbSet<EnrollmentToken> EnrollmentTokens => Set<EnrollmentToken>();
    public DbSet<Device> Devices => Set<Device>();
    public DbSet<TelemetryBatch> TelemetryBatches => Set<TelemetryBatch>();
    public DbSet<Position> Positions => Set<Position>();
    public DbSet<LinkSample> LinkSamples => Set<LinkSample>();
    public DbSet<HealthSample> HealthSamples => Set<HealthSample>();
    public DbSet<AggregationServer> AggregationServers => Set<AggregationServer>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("postgis");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FleetDbContext).Assembly);
        SnakeCaseNames.Apply(modelBuilder);
    }
}
