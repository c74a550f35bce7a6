using System.Net.Http.Headers;
using System.Net.Http.Json;
using Fleet.Contracts.Agents;
using Fleet.Grpc;
using Google.Protobuf;

namespace Fleet.Central.Tests.Infrastructure;

/// <summary>A device enrolled through the real paths: token via REST, identity via gRPC Enroll.</summary>
public sealed record EnrolledAgent(string DeviceId, string DeviceSecret, string VehicleId, string VehicleName, string TunnelAddress)
{
    public Metadata Credentials => new()
    {
        { "x-fleet-device-id", DeviceId },
        { "authorization", $"Bearer {DeviceSecret}" },
    };

    public static async Task<EnrollmentTokenBody> CreateTokenAsync(CentralFixture central, string vehicleName, int? ttlMinutes = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/enrollment-tokens")
        {
            Content = JsonContent.Create(new { vehicleName, ttlMinutes }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CentralFixture.AdminKey);
        using var response = await central.Http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<EnrollmentTokenBody>())!;
    }

    public static async Task<EnrolledAgent> EnrollAsync(CentralFixture central, string vehicleName, byte[]? tunnelPublicKey = null)
    {
        var token = await CreateTokenAsync(central, vehicleName);
        var response = await central.Agents.EnrollAsync(new EnrollRequest
        {
            EnrollmentToken = token.Token,
            HardwareId = $"hw-{vehicleName}",
            Hostname = $"edge-{vehicleName}",
            AgentVersion = "test",
            TunnelPublicKey = ByteString.CopyFrom(tunnelPublicKey ?? [1, 2, 3, (byte)vehicleName.Length]),
        });
        return new EnrolledAgent(response.DeviceId, response.DeviceSecret, response.VehicleId, response.VehicleName, response.TunnelAddress);
    }
}

public sealed record EnrollmentTokenBody(string Token, Guid VehicleId, string VehicleName, DateTimeOffset ExpiresAt);
