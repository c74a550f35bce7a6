namespace Fleet.Central.Enrollment;

public sealed partial class EnrollmentService
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Device {DeviceId} enrolled for vehicle {VehicleName} ({VehicleId}), hardware {HardwareId}")]
    private static partial void LogEnrolled(ILogger logger, Guid deviceId, string vehicleName, Guid vehicleId, string hardwareId);
}
