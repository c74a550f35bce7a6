namespace Fleet.Central.Components.Controls;

/// <summary>Bootstrap badge classes and time formats shared by the dashboard's tables.</summary>
public static class Badges
{
    public static string Severity(string severity) => severity switch
    {
        "critical" => "text-bg-danger",
        "warning" => "text-bg-warning",
        _ => "text-bg-info",
    };

    public static string AlertStatus(string status) => status switch
    {
        "open" => "text-bg-danger",
        "acknowledged" => "text-bg-warning",
        "resolved" => "text-bg-success",
        _ => "text-bg-secondary",
    };

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'");

    public static string Time(DateTimeOffset? at) => at is { } value ? Time(value) : "—";
}
