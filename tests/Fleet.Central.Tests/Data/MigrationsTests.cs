using Fleet.Central.Data;
using Fleet.Central.Data.Spatial;
using Fleet.Central.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Central.Tests.Data;

public sealed class MigrationsTests(CentralFixture central) : IClassFixture<CentralFixture>
{
    [Fact]
    public async Task Migrations_Applied_SchemaMatchesModel()
    {
        var contexts = central.App.Services.GetRequiredService<IDbContextFactory<FleetDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());

        var missing = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            // link_samples and health_samples are views over the compact series tables.
            var table = entity.GetTableName() ?? entity.GetViewName()!;
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName();
                var exists = await central.ScalarAsync<long>(
                    "SELECT count(*) FROM information_schema.columns WHERE table_name = $1 AND column_name = $2",
                    table, column);
                if (exists != 1)
                    missing.Add($"{table}.{column}");
            }
        }
        Assert.Empty(missing);
    }

    [Fact]
    public async Task Migrations_Applied_PositionsHavePostGisPointAndIndexes()
    {
        Assert.Equal("POINT", await central.ScalarAsync<string>(
            "SELECT type FROM geometry_columns WHERE f_table_name = 'positions' AND f_geometry_column = 'geom'"));
        Assert.Equal(GeoPoint.Srid, await central.ScalarAsync<int>(
            "SELECT srid FROM geometry_columns WHERE f_table_name = 'positions' AND f_geometry_column = 'geom'"));
        // The primary key serves every (vehicle, time range) read; GiST serves spatial ones. Nothing else costs COPY.
        Assert.Equal("ix_positions_geom,pk_positions", await central.ScalarAsync<string>(
            "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'positions'"));
        Assert.Contains("USING gist (geom)", await central.ScalarAsync<string>(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'positions' AND indexname = 'ix_positions_geom'"));
        Assert.Contains("(vehicle_id, \"time\", id)", await central.ScalarAsync<string>(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'positions' AND indexname = 'pk_positions'"));
        Assert.Contains("(received_at)", await central.ScalarAsync<string>(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'telemetry_batches' AND indexname = 'ix_telemetry_batches_received_at'"));
        Assert.Contains("WHERE (down_count > 0)", await central.ScalarAsync<string>(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'link_series' AND indexname = 'ix_link_series_down_start_at'"));
    }

    [Fact]
    public async Task DataSource_EverySession_RunsWithJitOff()
    {
        var dataSource = central.App.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        await using var command = dataSource.CreateCommand("SHOW jit");
        Assert.Equal("off", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task GeoPoint_ToEwkb_MatchesPostGisEncodingAndRoundTrips()
    {
        var point = new GeoPoint(Latitude: 59.889623, Longitude: 10.763866);
        await using var command = central.Database.CreateCommand(
            "SELECT ST_AsEWKB(ST_SetSRID(ST_MakePoint($1, $2), 4326)), ST_Y($3::geometry), ST_X($3::geometry), ST_SRID($3::geometry)");
        command.Parameters.AddWithValue(point.Longitude);
        command.Parameters.AddWithValue(point.Latitude);
        command.Parameters.AddWithValue(point.ToEwkb());
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var postgisBytes = (byte[])reader[0];
        Assert.Equal(postgisBytes, point.ToEwkb());
        Assert.Equal(point, GeoPoint.FromEwkb(postgisBytes));
        Assert.Equal(point.Latitude, reader.GetDouble(1));
        Assert.Equal(point.Longitude, reader.GetDouble(2));
        Assert.Equal(GeoPoint.Srid, reader.GetInt32(3));
    }
}
