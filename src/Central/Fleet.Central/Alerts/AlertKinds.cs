namespace Fleet.Central.Alerts;

/// <summary>The conditions the evaluator watches; also the "kind" field of webhook payloads.</summary>
public static class AlertKinds
{
    public const string VehicleOffline = "vehicle_offline";
    public const string LinkDown = "link_down";
    public const string SimRunOut = "sim_runout";
    public const string AggregatorDown = "aggregator_down";

    public static readonly IReadOnlyList<string> All = [VehicleOffline, LinkDown, SimRunOut, AggregatorDown];
}

/// <summary>Webhook event names.</summary>
public static class AlertEvents
{
    public const string Opened = "alert.opened";
    public const string Acknowledged = "alert.acknowledged";
    public const string Resolved = "alert.resolved";
}
