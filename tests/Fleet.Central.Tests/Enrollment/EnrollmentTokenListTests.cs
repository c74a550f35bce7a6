using Fleet.Central.Enrollment;
using Fleet.Central.Tests.Infrastructure;
using Fleet.Contracts.Agents;
using Fleet.Grpc;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Central.Tests.Enrollment;

/// <summary>The token list and revocation behind the dashboard's enrollment page, against real enrollment.</summary>
public sealed class EnrollmentTokenListTests(CentralFixture central) : IClassFixture<CentralFixture>
{
    private EnrollmentTokenService Tokens => central.App.Services.GetRequiredService<EnrollmentTokenService>();

    [Fact]
    public async Task ListAsync_OpenAndUsedTokens_ReportsEachStatus()
    {
        var open = await EnrolledAgent.CreateTokenAsync(central, "list-open-1");
        var agent = await EnrolledAgent.EnrollAsync(central, "list-used-1");

        var tokens = await Tokens.ListAsync(100, CancellationToken.None);

        Assert.Equal(EnrollmentTokenStatus.Open, Assert.Single(tokens, t => t.VehicleName == "list-open-1").Status);
        var used = Assert.Single(tokens, t => t.VehicleName == "list-used-1");
        Assert.Equal(EnrollmentTokenStatus.Used, used.Status);
        Assert.Equal(Guid.Parse(agent.DeviceId), used.DeviceId);
        Assert.Equal(open.VehicleId, tokens.Single(t => t.VehicleName == "list-open-1").VehicleId);
    }

    [Fact]
    public async Task RevokeAsync_OpenToken_ListedRevokedAndEnrollmentRefused()
    {
        var token = await EnrolledAgent.CreateTokenAsync(central, "revoke-1");
        var id = (await Tokens.ListAsync(100, CancellationToken.None)).Single(t => t.VehicleName == "revoke-1").Id;

        var outcome = await Tokens.RevokeAsync(id, CancellationToken.None);

        Assert.True(outcome.Succeeded);
        Assert.Equal(EnrollmentTokenStatus.Revoked, outcome.Value);
        Assert.Equal(EnrollmentTokenStatus.Revoked, (await Tokens.ListAsync(100, CancellationToken.None)).Single(t => t.Id == id).Status);
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await central.Agents.EnrollAsync(new EnrollRequest { EnrollmentToken = token.Token, HardwareId = "revoked" }));
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("enrollment token was revoked", error.Status.Detail);
    }

    [Fact]
    public async Task RevokeAsync_UsedToken_StaysUsed()
    {
        await EnrolledAgent.EnrollAsync(central, "revoke-used-1");
        var id = (await Tokens.ListAsync(100, CancellationToken.None)).Single(t => t.VehicleName == "revoke-used-1").Id;

        var outcome = await Tokens.RevokeAsync(id, CancellationToken.None);

        Assert.Equal(EnrollmentTokenStatus.Used, outcome.Value);
    }

    [Fact]
    public async Task RevokeAsync_UnknownToken_NotFound()
    {
        var outcome = await Tokens.RevokeAsync(Guid.NewGuid(), CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Equal(Fleet.Central.Common.FailureKind.NotFound, outcome.Failure.Kind);
    }
}
