namespace Fleet.Central.Api;

public sealed record CreateEnrollmentTokenRequest(string? VehicleName, int? TtlMinutes);

public sealed record EnrollmentTokenResponse(string Token, Guid VehicleId, string VehicleName, DateTimeOffset ExpiresAt);

public sealed record VehicleSummary(
    Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastPositionAt, double? LastLatitude, double? LastLongitude);
