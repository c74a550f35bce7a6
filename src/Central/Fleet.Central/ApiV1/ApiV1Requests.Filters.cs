using System.Globalization;
using Fleet.Central.Alerts.Data;
using Fleet.Central.Common;

namespace Fleet.Central.ApiV1;

public static partial class ApiV1Requests
{
    /// <summary>An optional id in the query string (e.g. ?vehicleId=…).</summary>
    public static Outcome<Guid?> ParseOptionalId(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text))
            return Outcome<Guid?>.From(null);
        return Guid.TryParse(text, out var id)
            ? Outcome<Guid?>.From(id)
            : Failure.Invalid($"'{name}' must be an id such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301.");
    }

    /// <summary>An optional calendar day (UTC), yyyy-MM-dd.</summary>
    public static Outcome<DateOnly?> ParseOptionalDay(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text))
            return Outcome<DateOnly?>.From(null);
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? Outcome<DateOnly?>.From(day)
            : Failure.Invalid($"'{name}' must be a date as yyyy-MM-dd (UTC day), got '{text}'.");
    }

    public static Outcome<AlertStatus?> ParseAlertStatus(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return Outcome<AlertStatus?>.From(null);
        return text.Trim().ToLowerInvariant() switch
        {
            "open" => Outcome<AlertStatus?>.From(AlertStatus.Open),
            "acknowledged" => Outcome<AlertStatus?>.From(AlertStatus.Acknowledged),
            "resolved" => Outcome<AlertStatus?>.From(AlertStatus.Resolved),
            _ => Failure.Invalid("'status' must be open, acknowledged or resolved."),
        };
    }

    public static Outcome<string?> ParseAlertKind(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return Outcome<string?>.From(null);
        return Alerts.AlertKinds.All.Contains(text, StringComparer.Ordinal)
            ? Outcome<string?>.From(text)
            : Failure.Invalid($"'kind' must be one of {string.Join(", ", Alerts.AlertKinds.All)}.");
    }

    /// <summary>A required bounding box (coverage cells: a whole-world query is not a map view).</summary>
    public static Outcome<BoundingBox> ParseRequiredBoundingBox(string? bbox)
    {
        if (string.IsNullOrWhiteSpace(bbox))
            return Failure.Invalid("Query parameter 'bbox' is required: minLon,minLat,maxLon,maxLat (WGS 84 degrees).");
        var parsed = ParseBoundingBox(bbox);
        return parsed.Succeeded ? parsed.Value! : parsed.Failure;
    }

    /// <summary>Who a write through the API is recorded as: the key, never a name the caller typed.</summary>
    public static string RecordedBy(Tenancy.ApiCaller caller) => $"api-key:{caller.KeyId}";
}
