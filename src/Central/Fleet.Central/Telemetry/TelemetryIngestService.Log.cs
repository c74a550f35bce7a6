namespace Fleet.Central.Telemetry;

public sealed partial class TelemetryIngestService
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId} from device {DeviceId} stored: {Positions} positions, {LinkSamples} link samples, {HealthSamples} health samples")]
    private static partial void LogStored(ILogger logger, Guid deviceId, Guid batchId, int positions, int linkSamples, int healthSamples);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId} from device {DeviceId} already stored (duplicate upload)")]
    private static partial void LogDuplicate(ILogger logger, Guid deviceId, Guid batchId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {BatchId} from device {DeviceId} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, Guid deviceId, string batchId, string reason);
}
