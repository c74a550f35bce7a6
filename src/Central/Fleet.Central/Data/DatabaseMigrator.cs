using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Fleet.Central.Data;

public sealed partial class DatabaseMigrator(
    IDbContextFactory<FleetDbContext> contexts, NpgsqlDataSource dataSource, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Asking for pending migrations on a brand-new database queries a history table that does not
        // exist yet (EF logs that as an error): create the table first.
        var history = db.GetService<IHistoryRepository>();
        await history.CreateIfNotExistsAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        if (pending.Count > 0)
        {
            // The migration may have created the postgis extension: pooled connections opened earlier
            // cached the old type list.
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await connection.ReloadTypesAsync(cancellationToken);
        }
        LogMigrated(logger, pending.Count, string.Join(", ", pending));
    }
}
