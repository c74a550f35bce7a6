namespace Fleet.Central.Enrollment;

public sealed partial class EnrollmentTokenService
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Enrollment token issued for vehicle {VehicleName} ({VehicleId}), expires {ExpiresAt:o}")]
    private static partial void LogIssued(ILogger logger, string vehicleName, Guid vehicleId, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Enrollment token {TokenId} for vehicle {VehicleId} revoked")]
    private static partial void LogRevoked(ILogger logger, Guid tokenId, Guid vehicleId);
}
