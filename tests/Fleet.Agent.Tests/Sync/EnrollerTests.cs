using Fleet.Agent.Enrollment;
using Fleet.Agent.Sync;
using Fleet.Contracts.Services;
using Fleet.Grpc;
using System.Security.Cryptography;

namespace Fleet.Agent.Tests.Sync;

public sealed class EnrollerTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fleet-enroll-").FullName;
    private FakeCentral _central = null!;
    private GrpcChannel _channel = null!;

    private string IdentityPath => Path.Combine(_dir, "state", "identity.json");

    public async Task InitializeAsync()
    {
        _central = await FakeCentral.StartAsync();
        _channel = CentralConnection.CreateChannel(_central.Address.ToString());
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _central.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<EnrollmentResult> Enroll(string? token) => Enroller.EnsureEnrolledAsync(
        IdentityPath, () => token, new AgentGatewayService.Client(_channel.CreateCallInvoker()), "1.0", TimeSpan.FromSeconds(5), CancellationToken.None);

    [Fact]
    public async Task EnsureEnrolledAsync_FirstStart_PersistsIdentityWithKeyPairOwnerOnly()
    {
        var result = await Enroll("good-token");

        Assert.Null(result.Error);
        Assert.True(result.Enrolled);
        Assert.Equal("dev-1", result.Identity!.DeviceId);
        Assert.Equal("100.64.0.1/32", result.Identity.TunnelAddress);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(IdentityPath));
        }

        var sent = Assert.Single(_central.Enrollments);
        using var key = ECDiffieHellman.Create();
        key.ImportPkcs8PrivateKey(Convert.FromBase64String(result.Identity.TunnelPrivateKeyPkcs8), out _);
        Assert.Equal(sent.TunnelPublicKey.ToByteArray(), key.ExportSubjectPublicKeyInfo());
        Assert.Equal(256, key.KeySize);
    }

    [Fact]
    public async Task EnsureEnrolledAsync_SecondStart_ReusesIdentityWithoutCallingCentral()
    {
        var first = await Enroll("good-token");
        var second = await Enroll(null);

        Assert.False(second.Enrolled);
        Assert.Equal(first.Identity, second.Identity);
        Assert.Single(_central.Enrollments);
    }

    [Fact]
    public async Task EnsureEnrolledAsync_RefusedToken_ReturnsClearMessageAndWritesNothing()
    {
        var result = await Enroll("stale-token");

        Assert.Null(result.Identity);
        Assert.StartsWith("central refused the enrollment token (PermissionDenied): enrollment token is unknown or used", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(IdentityPath));
    }
}
