namespace Fleet.Central.Alerts.Data;

/// <summary>Open until someone acknowledges it; resolved when the condition clears (acknowledged or not).</summary>
public enum AlertStatus : short
{
    Open = 0,
    Acknowledged = 1,
    Resolved = 2,
}

public enum AlertSeverity : short
{
    Info = 0,
    Warning = 1,
    Critical = 2,
}
