using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fleet.Central.Data;

public static class FleetDataExtensions
{
    /// <summary>One <see cref="NpgsqlDataSource"/> for both EF Core and the raw Npgsql paths (COPY ingest,
    /// spatial queries), and a DbContext factory: Blazor circuits and streaming calls outlive a scope.</summary>
    public static WebApplicationBuilder AddFleetData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .Bind(builder.Configuration.GetSection(DatabaseOptions.Section))
            .Configure<IConfiguration>((options, configuration) =>
                options.ConnectionString = configuration.GetConnectionString("Fleet") ?? "")
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton(services =>
        {
            var dataSource = new NpgsqlDataSourceBuilder(services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString);
            dataSource.ConnectionStringBuilder.Options = WithJitOff(dataSource.ConnectionStringBuilder.Options);
            return dataSource.Build();
        });

        builder.Services.AddDbContextFactory<FleetDbContext>((services, options) =>
        {
            options.UseNpgsql(services.GetRequiredService<NpgsqlDataSource>());
            // Migrations are hand-written SQL without a model snapshot (no EF design package here), so EF
            // cannot diff the model against them and would always report pending changes. The schema/model
            // agreement is checked by a test instead (Migrations_Applied_SchemaMatchesModel).
            options.ConfigureWarnings(warnings => warnings.Ignore(RelationalEventId.PendingModelChangesWarning));
        });
        builder.Services.AddSingleton<DatabaseMigrator>();
        return builder;
    }

    /// <summary>Every session runs with JIT off. Central's queries are index range scans over one vehicle or
    /// one batch; across dozens of daily partitions the planner's cost estimates pass jit_above_cost, and
    /// compiling the plan then took longer (100 ms to seconds) than running it. JIT pays off for long
    /// analytic scans, which central does not run. A deployment can still turn it back on per role or
    /// database: an explicit "-c jit=…" in the connection string's Options wins.</summary>
    internal static string WithJitOff(string? options) =>
        options?.Contains("jit=", StringComparison.Ordinal) == true ? options
        : string.IsNullOrWhiteSpace(options) ? "-c jit=off"
        : options + " -c jit=off";

    /// <summary>Applies migrations when Database:MigrateOnStartup is set (the default).</summary>
    public static async Task MigrateFleetDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
            await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
    }
}
