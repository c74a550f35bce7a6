using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Fleet.Grpc.Tests.Infrastructure;

/// <summary>
/// A self-signed certificate for localhost / 127.0.0.1, made at test time, plus PEM files for Python.
/// </summary>
internal sealed class TestCertificate : IDisposable
{
    private static readonly Lazy<TestCertificate> SharedInstance = new(Create);

    private TestCertificate(X509Certificate2 certificate, string directory)
    {
        Certificate = certificate;
        Directory = directory;
        CertificatePemPath = Path.Combine(directory, "cert.pem");
        KeyPemPath = Path.Combine(directory, "key.pem");
    }

    public static TestCertificate Shared => SharedInstance.Value;

    public X509Certificate2 Certificate { get; }

    public string Directory { get; }

    public string CertificatePemPath { get; }

    public string KeyPemPath { get; }

    /// <summary>A client handler that trusts exactly this certificate.</summary>
    public SocketsHttpHandler CreateTrustingHandler()
    {
        var expected = Certificate.RawData;
        return new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetRawCertData().AsSpan().SequenceEqual(expected),
            },
        };
    }

    public void Dispose()
    {
        Certificate.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static TestCertificate Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        var directory = Path.Combine(Path.GetTempPath(), "fleet-grpc-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var result = new TestCertificate(certificate, directory);
        File.WriteAllText(result.CertificatePemPath, certificate.ExportCertificatePem());
        File.WriteAllText(result.KeyPemPath, key.ExportPkcs8PrivateKeyPem());
        // The shared instance lives as long as the test run; remove its PEM files when the run ends.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => result.Dispose();
        return result;
    }
}
