using Fleet.Central.Alerts.Data;

namespace Fleet.Central.Alerts;

/// <summary>A condition a rule found true right now. The dedup key names the condition (kind + subject),
/// so the same condition seen on every evaluation stays one alert.</summary>
public sealed record AlertCondition(
    string Kind,
    string DedupKey,
    AlertSeverity Severity,
    string Title,
    string? Detail = null,
    Guid? VehicleId = null,
    Guid? SimId = null,
    Guid? ServerId = null,
    Guid? TenantId = null);
