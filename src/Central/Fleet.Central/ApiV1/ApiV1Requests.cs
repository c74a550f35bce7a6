using System.Globalization;
using System.Text.RegularExpressions;
using Fleet.Central.Common;
using Fleet.Central.Tracks;

namespace Fleet.Central.ApiV1;

/// <summary>Query-string parsing for /api/v1, with messages that say what to send instead. Parameters
/// arrive as strings so that a bad value gets one of these messages rather than a bare binding error.</summary>
public static partial class ApiV1Requests
{
    public static Outcome<TimeRange> ParseRange(string? from, string? to, ApiV1Options options, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(from) || string.IsNullOrWhiteSpace(to))
            return Failure.Invalid("Query parameters 'from' and 'to' are required (ISO 8601, e.g. 2026-11-20T08:00:00Z).");
        if (!TryParseInstant(from, out var start))
            return Failure.Invalid($"'from' is not an ISO 8601 date-time: '{from}'.");
        if (!TryParseInstant(to, out var end))
            return Failure.Invalid($"'to' is not an ISO 8601 date-time: '{to}'.");
        if (end <= start)
            return Failure.Invalid("'to' must be later than 'from'.");
        var latest = now.AddMinutes(options.FutureToleranceMinutes);
        if (start > latest || end > latest)
            return Failure.Invalid($"'from' and 'to' must not lie more than {options.FutureToleranceMinutes} minutes in the future.");
        var maxSpan = TimeSpan.FromDays(options.MaxRangeDays);
        if (end - start > maxSpan)
            return Failure.Invalid($"The range from 'from' to 'to' may span at most {options.MaxRangeDays} days; page through longer periods.");
        return new TimeRange(start, end);
    }

    public static Outcome<int> ParseLimit(string? limit, ApiV1Options options) =>
        ParseLimit(limit, options.DefaultPageSize, options.MaxPageSize);

    public static Outcome<int> ParseLimit(string? limit, int defaultSize, int maxSize)
    {
        if (string.IsNullOrWhiteSpace(limit))
            return defaultSize;
        if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || value > maxSize)
            return Failure.Invalid($"'limit' must be a whole number from 1 to {maxSize}.");
        return value;
    }

    public static Outcome<PositionCursor?> ParsePositionCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
            return Outcome<PositionCursor?>.From(null);
        return PositionCursor.TryDecode(cursor, out var decoded)
            ? Outcome<PositionCursor?>.From(decoded)
            : Failure.Invalid("'cursor' is not a cursor this API issued; pass the nextCursor of the previous page unchanged.");
    }

    /// <summary>bbox = minLon,minLat,maxLon,maxLat (GeoJSON order), WGS 84 degrees.</summary>
    public static Outcome<BoundingBox?> ParseBoundingBox(string? bbox)
    {
        if (string.IsNullOrWhiteSpace(bbox))
            return Outcome<BoundingBox?>.From(null);
        var parts = bbox.Split(',');
        var values = new double[4];
        if (parts.Length != 4 || parts.Where((p, i) => !double.TryParse(p.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])).Any())
            return Failure.Invalid("'bbox' must be four numbers: minLon,minLat,maxLon,maxLat.");
        var box = new BoundingBox(values[0], values[1], values[2], values[3]);
        if (!values.All(double.IsFinite) || box.MinLongitude is < -180 or > 180 || box.MaxLongitude is < -180 or > 180)
            return Failure.Invalid("'bbox' longitudes must lie between -180 and 180.");
        if (box.MinLatitude is < -90 or > 90 || box.MaxLatitude is < -90 or > 90)
            return Failure.Invalid("'bbox' latitudes must lie between -90 and 90.");
        if (box.MinLatitude > box.MaxLatitude || box.MinLongitude > box.MaxLongitude)
            return Failure.Invalid("'bbox' minimums must not exceed its maximums.");
        return Outcome<BoundingBox?>.From(box);
    }

    private static bool TryParseInstant(string text, out DateTimeOffset instant)
    {
        instant = default;
        // ISO 8601 only (not whatever the invariant culture would also accept, like "11/20/2026").
        if (!IsoDateTime().IsMatch(text))
            return false;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            return false;
        instant = parsed;
        return true;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})?)?$")]
    private static partial Regex IsoDateTime();
}

public sealed record BoundingBox(double MinLongitude, double MinLatitude, double MaxLongitude, double MaxLatitude);
