using System.Security.Cryptography;
using System.Text;
using Fleet.Central.Tests.Infrastructure;
using Fleet.Contracts.Agents;
using Fleet.Grpc;

namespace Fleet.Central.Tests.Enrollment;

public sealed class EnrollTests(CentralFixture central) : IClassFixture<CentralFixture>
{
    [Fact]
    public async Task Enroll_FreshToken_ReturnsIdentityAndStoresOnlySecretHash()
    {
        var token = await EnrolledAgent.CreateTokenAsync(central, "train-101");

        var response = await central.Agents.EnrollAsync(new EnrollRequest
        {
            EnrollmentToken = token.Token, HardwareId = "board-101", Hostname = "edge-101", AgentVersion = "1.0",
        });

        Assert.Equal(token.VehicleId.ToString(), response.VehicleId);
        Assert.Equal("train-101", response.VehicleName);
        Assert.True(Guid.TryParse(response.DeviceId, out var deviceId));
        Assert.False(string.IsNullOrEmpty(response.DeviceSecret));
        await using var command = central.Database.CreateCommand("SELECT secret_hash, hardware_id FROM devices WHERE id = $1");
        command.Parameters.AddWithValue(deviceId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(response.DeviceSecret)), (byte[])reader[0]);
        Assert.Equal("board-101", reader.GetString(1));
    }

    [Fact]
    public async Task Enroll_TwoDevices_EachGetsItsOwnTunnelAddressFromThePool()
    {
        var first = await EnrolledAgent.EnrollAsync(central, "train-110");
        var second = await EnrolledAgent.EnrollAsync(central, "train-111");

        Assert.NotEqual(first.TunnelAddress, second.TunnelAddress);
        foreach (var agent in new[] { first, second })
        {
            Assert.Matches(@"^100\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])\.\d+\.\d+/32$", agent.TunnelAddress);
            Assert.Equal(agent.TunnelAddress, await central.ScalarAsync<string>(
                "SELECT tunnel_address FROM devices WHERE id = $1", Guid.Parse(agent.DeviceId)));
        }
    }

    [Fact]
    public async Task Enroll_ReusedToken_FailedPreconditionAlreadyUsed()
    {
        var token = await EnrolledAgent.CreateTokenAsync(central, "train-102");
        await central.Agents.EnrollAsync(new EnrollRequest { EnrollmentToken = token.Token, HardwareId = "a" });

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await central.Agents.EnrollAsync(new EnrollRequest { EnrollmentToken = token.Token, HardwareId = "b" }));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("enrollment token already used", error.Status.Detail);
        Assert.Equal(1, await central.ScalarAsync<long>("SELECT count(*) FROM devices WHERE vehicle_id = $1", token.VehicleId));
    }

    [Fact]
    public async Task Enroll_ExpiredToken_FailedPreconditionExpired()
    {
        var token = await EnrolledAgent.CreateTokenAsync(central, "train-103", ttlMinutes: 5);
        await central.ScalarAsync<int>(
            "WITH u AS (UPDATE enrollment_tokens SET created_at = now() - interval '10 minutes', expires_at = now() - interval '1 minute' WHERE vehicle_id = $1 RETURNING 1) SELECT count(*)::int FROM u",
            token.VehicleId);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await central.Agents.EnrollAsync(new EnrollRequest { EnrollmentToken = token.Token }));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("enrollment token expired", error.Status.Detail);
    }

    [Theory]
    [InlineData("fet_this-token-was-never-issued-by-central")]
    [InlineData("not even shaped like a token")]
    public async Task Enroll_ForgedToken_UnauthenticatedNotRecognised(string forged)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await central.Agents.EnrollAsync(new EnrollRequest { EnrollmentToken = forged }));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("enrollment token not recognised", error.Status.Detail);
    }

    [Fact]
    public async Task Enroll_SameTokenConcurrently_ExactlyOneDeviceEnrolled()
    {
        var token = await EnrolledAgent.CreateTokenAsync(central, "train-104");

        var attempts = Enumerable.Range(0, 6).Select(async i =>
        {
            try
            {
                await central.Agents.EnrollAsync(new EnrollRequest { EnrollmentToken = token.Token, HardwareId = $"racer-{i}" });
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        }).ToList();
        var results = await Task.WhenAll(attempts);

        Assert.Equal(1, results.Count(r => r == StatusCode.OK));
        Assert.All(results.Where(r => r != StatusCode.OK), r => Assert.Equal(StatusCode.FailedPrecondition, r));
        Assert.Equal(1, await central.ScalarAsync<long>("SELECT count(*) FROM devices WHERE vehicle_id = $1", token.VehicleId));
    }
}
