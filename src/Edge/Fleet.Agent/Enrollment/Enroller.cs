using System.Security.Cryptography;
using Fleet.Contracts.Agents;
using Fleet.Contracts.Services;
using Fleet.Grpc;
using Google.Protobuf;

namespace Fleet.Agent.Enrollment;

/// <summary>The outcome of <see cref="Enroller.EnsureEnrolledAsync"/>: an identity, or a message fit for an operator.</summary>
public sealed record EnrollmentResult(DeviceIdentity? Identity, string? Error, bool Enrolled, bool Retryable = false);

/// <summary>
/// First start: trade the one-time token for a device identity and generate the tunnel key pair
/// (ECDH P-256; central gets the public half as SubjectPublicKeyInfo). Later starts reuse identity.json.
/// </summary>
public static class Enroller
{
    public static async Task<EnrollmentResult> EnsureEnrolledAsync(
        string identityPath,
        Func<string?> readToken,
        AgentGatewayService.Client client,
        string agentVersion,
        TimeSpan timeout,
        CancellationToken ct)
    {
        if (IdentityStore.TryLoad(identityPath, out var loadError) is { } existing)
        {
            return new EnrollmentResult(existing, null, false);
        }

        if (loadError is not null)
        {
            return new EnrollmentResult(null, loadError, false);
        }

        var token = readToken();
        if (string.IsNullOrWhiteSpace(token))
        {
            return new EnrollmentResult(null, "not enrolled yet and no enrollment token configured (enrollmentToken or enrollmentTokenFile)", false);
        }

        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var publicKey = key.ExportSubjectPublicKeyInfo();
        var request = new EnrollRequest
        {
            EnrollmentToken = token.Trim(),
            HardwareId = HardwareId(),
            Hostname = Environment.MachineName,
            AgentVersion = agentVersion,
            TunnelPublicKey = ByteString.CopyFrom(publicKey),
        };

        EnrollResponse response;
        try
        {
            response = await client.EnrollAsync(request, new CallOptions(deadline: DateTime.UtcNow + timeout, cancellationToken: ct));
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.PermissionDenied or StatusCode.Unauthenticated or StatusCode.InvalidArgument or StatusCode.NotFound or StatusCode.FailedPrecondition or StatusCode.AlreadyExists)
        {
            return new EnrollmentResult(null, $"central refused the enrollment token ({e.StatusCode}): {e.Status.Detail}. Ask for a new token and put it in enrollmentToken/enrollmentTokenFile.", false);
        }
        catch (RpcException e)
        {
            return new EnrollmentResult(null, $"cannot reach central to enroll ({e.StatusCode}): {e.Status.Detail}", false, Retryable: true);
        }

        if (string.IsNullOrEmpty(response.DeviceId) || string.IsNullOrEmpty(response.DeviceSecret))
        {
            return new EnrollmentResult(null, "central's enrollment answer has no device id or secret", false);
        }

        var identity = new DeviceIdentity(
            response.DeviceId,
            response.DeviceSecret,
            response.VehicleId,
            response.VehicleName,
            Convert.ToBase64String(key.ExportPkcs8PrivateKey()),
            Convert.ToBase64String(publicKey),
            response.TunnelAddress.Length > 0 ? response.TunnelAddress : null);
        IdentityStore.Save(identityPath, identity);
        return new EnrollmentResult(identity, null, true);
    }

    private static string HardwareId()
    {
        foreach (var path in new[] { "/etc/machine-id", "/var/lib/dbus/machine-id" })
        {
            try
            {
                var id = File.ReadAllText(path).Trim();
                if (id.Length > 0)
                {
                    return id;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // try the next source
            }
        }

        return Environment.MachineName;
    }
}
