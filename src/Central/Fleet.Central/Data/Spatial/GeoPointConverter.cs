using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Fleet.Central.Data.Spatial;

/// <summary>Maps <see cref="GeoPoint"/> to EWKB bytes. PostGIS casts bytea to geometry implicitly on write;
/// reads that need coordinates go through SQL (ST_X/ST_Y) because Npgsql has no geometry reader here.</summary>
public sealed class GeoPointConverter() : ValueConverter<GeoPoint, byte[]>(
    point => point.ToEwkb(),
    bytes => GeoPoint.FromEwkb(bytes));
