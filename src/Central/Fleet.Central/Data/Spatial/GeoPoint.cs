using System.Buffers.Binary;

namespace Fleet.Central.Data.Spatial;

/// <summary>A WGS 84 point (SRID 4326). The Npgsql NetTopologySuite plugin does not restore here, so the
/// project maps PostGIS geometry itself: as EWKB, which is both PostGIS' binary wire format and what
/// <c>geometry(bytea)</c> accepts.</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    public const int Srid = 4326;
    public const int EwkbLength = 25;

    private const uint WkbPoint = 1;
    private const uint EwkbSridFlag = 0x20000000;

    public bool IsValid =>
        double.IsFinite(Latitude) && double.IsFinite(Longitude) &&
        Latitude is >= -90 and <= 90 && Longitude is >= -180 and <= 180;

    /// <summary>Little-endian EWKB: byte order, type with SRID flag, SRID, X (longitude), Y (latitude).</summary>
    public byte[] ToEwkb()
    {
        var bytes = new byte[EwkbLength];
        bytes[0] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(1), WkbPoint | EwkbSridFlag);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(5), Srid);
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(9), Longitude);
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(17), Latitude);
        return bytes;
    }

    /// <summary>Parses an EWKB or WKB point in either byte order.</summary>
    public static GeoPoint FromEwkb(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 21)
            throw new FormatException($"A WKB point needs at least 21 bytes, got {bytes.Length}.");
        var littleEndian = bytes[0] == 1;
        var type = ReadUInt32(bytes, 1, littleEndian);
        if ((type & 0xFF) != WkbPoint)
            throw new FormatException($"Expected a WKB point, got geometry type {type & 0xFF}.");
        var at = (type & EwkbSridFlag) != 0 ? 9 : 5;
        if (bytes.Length < at + 16)
            throw new FormatException("Truncated WKB point.");
        return new GeoPoint(Latitude: ReadDouble(bytes, at + 8, littleEndian), Longitude: ReadDouble(bytes, at, littleEndian));
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> bytes, int at, bool littleEndian) => littleEndian
        ? BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..])
        : BinaryPrimitives.ReadUInt32BigEndian(bytes[at..]);

    private static double ReadDouble(ReadOnlySpan<byte> bytes, int at, bool littleEndian) => littleEndian
        ? BinaryPrimitives.ReadDoubleLittleEndian(bytes[at..])
        : BinaryPrimitives.ReadDoubleBigEndian(bytes[at..]);
}
