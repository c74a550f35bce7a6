namespace Fleet.Agent.Modems.Simulation;

/// <summary>
/// One sample of a drive: where the vehicle was and what the modem measured there. Offset is from the start of
/// the drive; null signal values mean the trace had no measurement for that second.
/// </summary>
public sealed record RoutePoint(
    TimeSpan Offset,
    double Latitude,
    double Longitude,
    double? SpeedKmh,
    int? Rsrp,
    int? Rsrq,
    double? Sinr,
    int? Rssi,
    string OperatorName,
    string MccMnc,
    long CellId,
    int Tac,
    string NetworkMode);
